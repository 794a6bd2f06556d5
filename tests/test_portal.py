#!/usr/bin/python3
"""Portal accounts end to end: clientele-cli sends the password through a real
SMTP server on loopback (tests/smtp-server.py: aiosmtpd with STARTTLS or TLS,
AUTH, a maildir), and `portal verify` accepts exactly the emailed password.
Every failure of the mail server before it had the whole message must leave the
account as it was; a connection lost after it must leave both the old and the
mailed password working."""

import os
import re
import sqlite3
import subprocess
import time
import sys
import unittest

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from smtptest import MailTestCase, SmtpServer, SMTP_USER, SMTP_PASSWORD  # noqa: E402


class PortalTestCase(MailTestCase):
    prefix = "clientele-portal-"

    def setUp(self):
        super().setUp()
        self.outputs = []

    def cli(self, *args, stdin=None):
        result = subprocess.run([CLI, *args, "--database", self.db, "--create"], env=self.env,
                                input=stdin, capture_output=True, text=True, timeout=60)
        self.outputs.append(result.stdout + result.stderr)
        return result

    def server(self, **kwargs):
        server = SmtpServer(self.tmp, **kwargs)
        self.servers.append(server)
        return server

    def configure(self, server, security="starttls", ca=True, username=SMTP_USER):
        for key, value in [("business.name", "Salon Hélène"), ("sender.name", "Salon Hélène"),
                           ("sender.address", "desk@salon.example"), ("smtp.host", "127.0.0.1"),
                           ("smtp.port", str(server.port)), ("smtp.security", security),
                           ("smtp.username", username),
                           ("smtp.ca-file", server.cert if ca else "")]:
            result = self.cli("config", "set", key, value)
            self.assertEqual(result.returncode, 0, result.stderr)

    def add_client(self, first="Hélène", last="Martin", email_address="helene@example.fr",
                   language="fr"):
        csv = os.path.join(self.tmp, "clients.csv")
        with open(csv, "w") as f:
            f.write("first_name,last_name,email,language\n%s,%s,%s,%s\n"
                    % (first, last, email_address, language))
        result = self.cli("import", csv, "--print-ids")
        self.assertEqual(result.returncode, 0, result.stderr)
        return int(result.stdout.split()[-1])

    def portal(self, action, client_id, *extra):
        return self.cli("portal", action, "--client", str(client_id),
                        "--smtp-password-file", self.password_file, *extra)

    def verify(self, login, password):
        return self.cli("portal", "verify", login, stdin=password + "\n")

    @staticmethod
    def password_in(message):
        body = message.get_body(preferencelist=("plain",)).get_content()
        match = re.search(r"^(?:Password|Mot de passe|Passwort) ?: (\S+)$", body, re.M)
        assert match, body
        return match.group(1)

    def account_row(self):
        with sqlite3.connect(self.db) as db:
            return db.execute("SELECT login, password_hash, must_change, failed_attempts,"
                              " locked_until FROM portal_accounts").fetchall()

    def assert_secret_absent(self, secret):
        """Neither the client file (with its write-ahead log) nor anything the
        commands printed contains @secret."""
        for name in os.listdir(self.tmp):
            if name.startswith("clients.clientele"):
                with open(os.path.join(self.tmp, name), "rb") as f:
                    self.assertNotIn(secret.encode(), f.read(), name)
        for output in self.outputs:
            self.assertNotIn(secret, output)

    # ---- The happy path ----

    def test_create_reset_verify(self):
        server = self.server()
        self.configure(server)
        client = self.add_client()

        result = self.portal("create", client)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("helene@example.fr", result.stdout)
        messages = server.messages()
        self.assertEqual(len(messages), 1)
        mail = messages[0]
        # Headers parse, in the client's language (French), non-ASCII decoded.
        self.assertEqual(mail["To"].addresses[0].addr_spec, "helene@example.fr")
        self.assertEqual(mail["From"].addresses[0].addr_spec, "desk@salon.example")
        self.assertEqual(mail["From"].addresses[0].display_name, "Salon Hélène")
        self.assertIn("Salon Hélène", mail["Subject"])
        self.assertIn("réservation", mail["Subject"])
        self.assertTrue(mail["Date"] and mail["Message-ID"])
        first = self.password_in(mail)
        self.assertEqual(len(first), 16)

        result = self.verify("helene@example.fr", first)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout.strip(), "ok must-change")
        self.assertEqual(self.verify("HELENE@example.fr", first).returncode, 0)
        self.assertEqual(self.verify("helene@example.fr", first + "x").returncode, 1)
        self.assertEqual(self.verify("nobody@example.fr", first).returncode, 1)

        # Reset: a second mail, the first password stops working.
        result = self.portal("reset", client)
        self.assertEqual(result.returncode, 0, result.stderr)
        messages = server.messages()
        self.assertEqual(len(messages), 2)
        second = [self.password_in(m) for m in messages if self.password_in(m) != first]
        self.assertEqual(len(second), 1)
        self.assertEqual(self.verify("helene@example.fr", first).returncode, 1)
        self.assertEqual(self.verify("helene@example.fr", second[0]).returncode, 0)
        # A confirmed send leaves nothing pending.
        with sqlite3.connect(self.db) as db:
            self.assertEqual(db.execute("SELECT pending_hash, pending_since"
                                        " FROM portal_accounts").fetchall(), [(None, None)])

        # The history keeps both messages, without a password.
        with sqlite3.connect(self.db) as db:
            rows = db.execute("SELECT kind, recipient, body FROM messages ORDER BY id").fetchall()
        self.assertEqual([r[0] for r in rows], ["portal-create", "portal-reset"])
        self.assertTrue(all(r[1] == "helene@example.fr" for r in rows))
        self.assert_secret_absent(first)
        self.assert_secret_absent(second[0])
        self.assert_secret_absent(SMTP_PASSWORD)

    def test_implicit_tls_and_german(self):
        server = self.server(mode="tls")
        self.configure(server, security="tls")
        client = self.add_client("Jürgen", "Groß", "juergen@example.de", "de")
        result = self.portal("create", client, "--login", "juergen")
        self.assertEqual(result.returncode, 0, result.stderr)
        mail = server.messages()[0]
        self.assertIn("Online-Buchungen", mail["Subject"])
        self.assertIn("Passwort: ", mail.get_body(preferencelist=("plain",)).get_content())
        self.assertEqual(self.verify("juergen", self.password_in(mail)).returncode, 0)

    # ---- Failures leave the account as it was ----

    def created_account(self, server):
        client = self.add_client()
        result = self.portal("create", client)
        self.assertEqual(result.returncode, 0, result.stderr)
        return client, self.password_in(server.messages()[0])

    def assert_unchanged(self, client, password, before, result, expected):
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(expected, result.stderr)
        self.assertEqual(self.account_row(), before)
        self.assertEqual(self.verify("helene@example.fr", password).returncode, 0)

    def test_wrong_smtp_password(self):
        server = self.server()
        self.configure(server)
        client, password = self.created_account(server)
        before = self.account_row()
        with open(self.password_file, "w") as f:
            f.write("not-the-password\n")
        result = self.portal("reset", client)
        self.assert_unchanged(client, password, before, result, "username or password")
        self.assertEqual(len(server.messages()), 1)

    def test_server_down(self):
        server = self.server()
        self.configure(server)
        client, password = self.created_account(server)
        before = self.account_row()
        server.stop()
        self.servers.remove(server)
        result = self.portal("reset", client)
        self.assert_unchanged(client, password, before, result, "127.0.0.1")

    def test_server_without_starttls(self):
        good = self.server()
        self.configure(good)
        client, password = self.created_account(good)
        before = self.account_row()
        plain = self.server(mode="plain-only")
        result = self.cli("config", "set", "smtp.port", str(plain.port))
        self.assertEqual(result.returncode, 0)
        result = self.portal("reset", client)
        self.assert_unchanged(client, password, before, result, "127.0.0.1")
        self.assertEqual(plain.messages(), [])

    def test_untrusted_certificate(self):
        server = self.server()
        self.configure(server)
        client, password = self.created_account(server)
        before = self.account_row()
        self.assertEqual(self.cli("config", "set", "smtp.ca-file", "").returncode, 0)
        result = self.portal("reset", client)
        self.assert_unchanged(client, password, before, result, "127.0.0.1")
        self.assertEqual(len(server.messages()), 1)

    def test_line_break_in_name_never_a_header(self):
        server = self.server()
        self.configure(server)
        client = self.add_client()
        # Stored as typed (the store keeps any text); the mail must refuse it.
        with sqlite3.connect(self.db) as db:
            db.execute("UPDATE clients SET last_name = 'Martin\r\nBcc: evil@attacker.example'"
                       " WHERE id = ?", (client,))
        result = self.portal("create", client)
        self.assertNotEqual(result.returncode, 0)
        self.assertEqual(server.messages(), [])
        self.assertEqual(self.account_row(), [])

    def test_lockout(self):
        server = self.server()
        self.configure(server)
        client, password = self.created_account(server)
        for attempt in range(5):
            self.assertEqual(self.verify("helene@example.fr", "wrong-%d" % attempt).returncode, 1)
        result = self.verify("helene@example.fr", password)
        # Locked, wrong and unknown answer alike, so logins can't be probed.
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertEqual(result.stdout.strip(), "refused")
        unknown = self.verify("nobody@example.fr", password)
        self.assertEqual((unknown.returncode, unknown.stdout), (1, result.stdout))

    def test_parallel_wrong_logins_lock_after_five(self):
        """20 verify processes at once with wrong passwords: each attempt is
        counted before its hash is checked, so the account locks after 5
        and the right password is refused afterwards."""
        server = self.server()
        self.configure(server)
        client, password = self.created_account(server)
        processes = [subprocess.Popen([CLI, "portal", "verify", "helene@example.fr",
                                       "--database", self.db], env=self.env,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
                     for _ in range(20)]
        for index, process in enumerate(processes):
            process.stdin.write("wrong-%d\n" % index)
            process.stdin.close()
        codes = [process.wait(timeout=120) for process in processes]
        for process in processes:
            process.stdout.close()
            process.stderr.close()
        self.assertEqual(codes, [1] * 20)
        with sqlite3.connect(self.db) as db:
            locked_until, = db.execute("SELECT locked_until FROM portal_accounts"
                                       " WHERE client_id = ?", (client,)).fetchone()
        self.assertGreater(locked_until, time.time() + 14 * 60)
        self.assertEqual(self.verify("helene@example.fr", password).returncode, 1)

    def test_overlong_password_refused(self):
        server = self.server()
        self.configure(server)
        client, password = self.created_account(server)
        result = self.verify("helene@example.fr", password + "x" * 1024)
        self.assertEqual(result.returncode, 3, result.stdout)
        self.assertIn("1023", result.stderr)
        # Cut to 1023 bytes the old way, the password was still checked.
        self.assertEqual(self.verify("helene@example.fr", "x" * 1023).returncode, 1)
        self.assertEqual(self.verify("helene@example.fr", password).returncode, 0)

    # ---- A mail that may have gone (issue 24 item 6) ----

    LOGIN = "helene@example.fr"

    def pending(self):
        with sqlite3.connect(self.db) as db:
            return db.execute("SELECT pending_hash IS NOT NULL, pending_since IS NOT NULL"
                              " FROM portal_accounts").fetchall()

    def use_server(self, server):
        for key, value in [("smtp.port", str(server.port)), ("smtp.ca-file", server.cert)]:
            self.assertEqual(self.cli("config", "set", key, value).returncode, 0)

    def test_reset_dropped_after_data_both_passwords_work(self):
        """The server keeps the whole message, then the connection drops before
        its answer: the client may hold the new password, so the old and the
        new one both work, until a login with the new one settles it. Before
        the fix, the mailed password was refused."""
        good = self.server()
        self.configure(good)
        client, old = self.created_account(good)
        self.assertEqual(self.pending(), [(0, 0)])
        dropping = self.server(behaviour=["--drop-after-data"])
        self.use_server(dropping)

        result = self.portal("reset", client)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("may have been sent", result.stderr)
        self.assertIn("both it and the previous password work", result.stderr)
        mails = dropping.messages()
        self.assertEqual(len(mails), 1)
        new = self.password_in(mails[0])
        self.assertNotEqual(new, old)
        self.assertEqual(self.pending(), [(1, 1)])
        self.assertIn("pending_since=", self.cli("portal", "show", "--client",
                                                 str(client)).stdout)

        # A login with the old one leaves the new one pending: its mail went.
        self.assertEqual(self.verify(self.LOGIN, old).returncode, 0)
        self.assertEqual(self.pending(), [(1, 1)])
        self.assertEqual(self.verify(self.LOGIN, new + "x").returncode, 1)
        result = self.verify(self.LOGIN, new)
        self.assertEqual((result.returncode, result.stdout.strip()), (0, "ok must-change"))
        # Settled: the new one is the password, the old one stops.
        self.assertEqual(self.pending(), [(0, 0)])
        self.assertEqual(self.verify(self.LOGIN, old).returncode, 1)
        self.assertEqual(self.verify(self.LOGIN, new).returncode, 0)
        with sqlite3.connect(self.db) as db:
            kinds = [r[0] for r in db.execute("SELECT kind FROM messages ORDER BY id")]
        self.assertEqual(kinds, ["portal-create", "portal-reset"])
        self.assert_secret_absent(new)

    def test_reset_refused_keeps_only_old_password(self):
        """Refused at RCPT or at the final dot, the server surely did not take
        the message: no pending password is left, only the old one works."""
        good = self.server()
        self.configure(good)
        client, old = self.created_account(good)
        before = self.account_row()
        for refusal in ["rcpt=550 5.1.1 No such user", "data=554 5.6.0 Message rejected"]:
            refusing = self.server(behaviour=["--refuse", refusal])
            self.use_server(refusing)
            result = self.portal("reset", client)
            self.assert_unchanged(client, old, before, result, refusal.split("=", 1)[1])
            self.assertNotIn("may have", result.stderr)
            self.assertEqual(self.pending(), [(0, 0)])
            self.assertEqual(refusing.messages(), [])

    def test_reset_after_doubt(self):
        """After a reset in doubt, a reset refused by the server puts the
        doubtful password back (its mail may still arrive): old and first new
        both work; a confirmed reset then settles everything: only its
        password works."""
        good = self.server()
        self.configure(good)
        client, old = self.created_account(good)
        dropping = self.server(behaviour=["--drop-after-data"])
        self.use_server(dropping)
        self.assertNotEqual(self.portal("reset", client).returncode, 0)
        doubtful = self.password_in(dropping.messages()[0])
        refusing = self.server(behaviour=["--refuse", "data=554 5.6.0 Message rejected"])
        self.use_server(refusing)
        result = self.portal("reset", client)
        self.assertIn("554 5.6.0", result.stderr)
        self.assertEqual(self.pending(), [(1, 1)])
        self.assertEqual(self.verify(self.LOGIN, old).returncode, 0)
        self.assertEqual(self.verify(self.LOGIN, doubtful).returncode, 0)
        # That login settled it.
        self.assertEqual(self.verify(self.LOGIN, old).returncode, 1)
        self.use_server(good)
        self.assertEqual(self.portal("reset", client).returncode, 0)
        latest, = [p for p in map(self.password_in, good.messages()) if p != old]
        self.assertEqual(self.pending(), [(0, 0)])
        self.assertEqual(self.verify(self.LOGIN, doubtful).returncode, 1)
        self.assertEqual(self.verify(self.LOGIN, latest).returncode, 0)

    def test_create_dropped_after_data_keeps_account(self):
        """A new account whose mail may have gone is kept, and opens with the
        mailed password; before the fix there was no account at all."""
        dropping = self.server(behaviour=["--drop-after-data"])
        self.configure(dropping)
        client = self.add_client()
        result = self.portal("create", client)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("the account was kept", result.stderr)
        password = self.password_in(dropping.messages()[0])
        self.assertEqual(self.pending(), [(1, 1)])
        self.assertEqual(self.verify(self.LOGIN, "").returncode, 1)
        result = self.verify(self.LOGIN, password)
        self.assertEqual((result.returncode, result.stdout.strip()), (0, "ok must-change"))
        self.assertEqual(self.pending(), [(0, 0)])
        self.assertTrue(self.account_row()[0][1].startswith("$argon2id$"))

    def test_create_refused_leaves_no_account(self):
        refusing = self.server(behaviour=["--refuse", "rcpt=451 4.7.1 Try again later"])
        self.configure(refusing)
        client = self.add_client()
        result = self.portal("create", client)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("451 4.7.1", result.stderr)
        self.assertEqual(self.account_row(), [])

    # ---- The keyring ----

    def test_smtp_password_in_keyring(self):
        """The password typed once goes to the keyring (never the file), and
        sending finds it there without --smtp-password-file."""
        server = self.server()
        self.configure(server)
        stored = self.cli("config", "smtp-password", stdin=SMTP_PASSWORD + "\n")
        if stored.returncode != 0 and not os.environ.get("CLIENTELE_REQUIRE_KEYRING"):
            self.skipTest("no Secret Service in this session: " + stored.stderr)
        self.assertEqual(stored.returncode, 0, stored.stderr)
        client = self.add_client()
        result = self.cli("portal", "create", "--client", str(client))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(server.messages()), 1)
        self.assert_secret_absent(SMTP_PASSWORD)

    # ---- Settings ----

    def test_config(self):
        self.assertEqual(self.cli("config", "get", "smtp.port").stdout.strip(), "587")
        self.assertEqual(self.cli("config", "set", "smtp.port", "2525").returncode, 0)
        self.assertEqual(self.cli("config", "get", "smtp.port").stdout.strip(), "2525")
        refused = self.cli("config", "set", "smtp.port", "http")
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("port", refused.stderr)
        self.assertEqual(self.cli("config", "get", "smtp.port").stdout.strip(), "2525")
        self.assertNotEqual(self.cli("config", "set", "smtp.password", "x").returncode, 0)
        listing = self.cli("config", "list").stdout
        for key in ["business.name", "sender.name", "sender.address", "smtp.host", "smtp.port",
                    "smtp.security", "smtp.username", "smtp.ca-file"]:
            self.assertIn(key + "=", listing)


if __name__ == "__main__":
    unittest.main(verbosity=2)
