#!/usr/bin/python3
"""SMS through a real gateway: clientele-cli's Kannel preset sends to
Debian's Kannel on loopback (tests/kanneltest.py: bearerbox with a fake
SMSC, smsbox, and fakesmsc printing what reaches the "phone"). The test
reads what fakesmsc received: sender, E.164 recipient and the text, accents
and emoji included. Without the SMS code (the preset, the URL escaping, the
{coding} that makes Kannel send UCS-2) every one of these fails: nothing
arrives, or "Hélène 😀" arrives as "H?l?ne ?"."""

import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import kanneltest  # noqa: E402
from kanneltest import SMS_USER, SMS_PASSWORD  # noqa: E402


@unittest.skipUnless(kanneltest.available(), "kannel and kannel-extras are not installed")
class KannelTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._kannel_dir = tempfile.TemporaryDirectory(prefix="clientele-kannel-")
        cls.kannel = kanneltest.Kannel(cls._kannel_dir.name)

    @classmethod
    def tearDownClass(cls):
        cls.kannel.stop()
        cls._kannel_dir.cleanup()

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="clientele-sms-")
        self.tmp = self._tmp.name
        self.db = os.path.join(self.tmp, "clients.clientele")
        self.secret_file = os.path.join(self.tmp, "sms-secret")
        self.write_secret(SMS_PASSWORD)
        self.env = dict(os.environ)
        self.env.update(LC_ALL="C.UTF-8", LANGUAGE="", LANG="C.UTF-8",
                        XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"), HOME=self.tmp)
        self.before = len(self.kannel.received())

    def tearDown(self):
        self._tmp.cleanup()

    def write_secret(self, secret):
        with open(self.secret_file, "w") as f:
            f.write(secret + "\n")

    def cli(self, *args, stdin=None):
        return subprocess.run([CLI, *args, "--database", self.db, "--create"], env=self.env,
                              input=stdin, capture_output=True, text=True, timeout=60)

    def configure(self, url=None, sender="Salon"):
        result = self.cli("config", "sms", "--preset", "kannel", "--url",
                          url or self.kannel.sendsms_url, "--user", SMS_USER, "--from", sender,
                          "--country", "FR", "--timeout", "10")
        self.assertEqual(result.returncode, 0, result.stderr)

    def send(self, to, text, *extra):
        return self.cli("sms", "test", "--to", to, "--text", text, *extra)

    def new_messages(self, count=1):
        return self.kannel.wait_for_messages(self.before + count)[self.before:]

    def test_unicode_arrives_intact(self):
        self.configure()
        text = "Hélène 😀: crêpes -20% {demain} ?"
        result = self.send("06 12 34 56 78", text, "--secret-file", self.secret_file)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("+33612345678", result.stdout)
        # One message, as UCS-2 (ê and the emoji are not GSM-7), intact.
        self.assertEqual(self.new_messages(), [("Salon", "+33612345678", "ucs-2", text)])

    def test_gsm7_text_arrives_as_text(self):
        self.configure()
        text = "Bonjour Hélène, à demain [10h] {salon} 15€ & more=yes"
        result = self.send("+49 151 2345 6789", text, "--secret-file", self.secret_file)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.new_messages(), [("Salon", "+4915123456789", "text", text)])

    def joined(self, parts, encoding):
        """The text of a long message's parts, in their order: each header is
        05 00 03 <reference> <count> <sequence>."""
        headers = [udh for _, _, kind, (udh, _) in parts]
        self.assertTrue(all(kind == "udh" for _, _, kind, _ in parts))
        self.assertTrue(all(udh[4] == len(parts) for udh in headers))
        self.assertEqual(len({udh[3] for udh in headers}), 1)
        ordered = sorted(parts, key=lambda part: part[3][0][5])
        return b"".join(data for _, _, _, (_, data) in ordered).decode(encoding)

    def test_long_messages_arrive_in_parts(self):
        """A long text arrives whole, in as many parts as Clientele counts for
        it (clientele_sms_text_measure(): 153 GSM-7 characters or 67 UCS-2
        units a part)."""
        self.configure()
        gsm = ("Bonjour Hélène, " * 15)[:230]  # 230 septets: 2 parts
        ucs2 = "ê" * 100 + " 😀"  # 103 units: 2 parts
        for text in (gsm, ucs2):
            result = self.send("06 12 34 56 78", text, "--secret-file", self.secret_file)
            self.assertEqual(result.returncode, 0, result.stderr)
        parts = self.new_messages(4)
        self.assertEqual({(p[0], p[1]) for p in parts}, {("Salon", "+33612345678")})
        by_reference = {}
        for part in parts:
            by_reference.setdefault(part[3][0][3], []).append(part)
        first, second = sorted(by_reference.values(), key=lambda group: group[0][3][0][3])
        self.assertEqual([len(first), len(second)], [2, 2])
        self.assertEqual(self.joined(first, "utf-8"), gsm)
        self.assertEqual(self.joined(second, "utf-16-be"), ucs2)

    def test_wrong_password_is_permanent(self):
        self.configure()
        self.write_secret("not-the-password")
        result = self.send("06 12 34 56 78", "Hi", "--secret-file", self.secret_file)
        # Kannel answers 403: retrying cannot help, and the exit status says so.
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("403", result.stderr)
        self.assertNotIn("not-the-password", result.stderr + result.stdout)
        # Still nothing: a message that was sent anyway would be printed by now,
        # as the next one (sent right) shows.
        self.write_secret(SMS_PASSWORD)
        self.assertEqual(self.send("06 12 34 56 78", "After", "--secret-file",
                                   self.secret_file).returncode, 0)
        self.assertEqual([m[3] for m in self.new_messages()], ["After"])

    def test_gateway_down_is_temporary(self):
        self.configure(url="http://127.0.0.1:%d/cgi-bin/sendsms" % kanneltest.free_port())
        result = self.send("06 12 34 56 78", "Hi", "--secret-file", self.secret_file)
        self.assertEqual(result.returncode, 75, result.stderr)
        self.assertIn("could not be reached", result.stderr)

    def test_bad_number_sends_nothing(self):
        self.configure()
        result = self.send("06 12 AB", "Hi", "--secret-file", self.secret_file)
        self.assertEqual(result.returncode, 1)
        self.assertIn("letters", result.stderr)

    def test_secret_in_keyring_not_in_file(self):
        self.configure()
        stored = self.cli("config", "sms-secret", stdin=SMS_PASSWORD + "\n")
        if stored.returncode != 0 and not os.environ.get("CLIENTELE_REQUIRE_KEYRING"):
            self.skipTest("no Secret Service in this session: " + stored.stderr)
        self.assertEqual(stored.returncode, 0, stored.stderr)
        result = self.send("06 12 34 56 78", "From the keyring")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual([m[3] for m in self.new_messages()], ["From the keyring"])
        with sqlite3.connect(self.db) as db:
            dump = "\n".join(db.iterdump())
        self.assertNotIn(SMS_PASSWORD, dump)
        with open(self.db, "rb") as f:
            self.assertNotIn(SMS_PASSWORD.encode(), f.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
