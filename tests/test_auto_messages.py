#!/usr/bin/python3
"""Automatic messages end to end through clientele-cli messages send-due, with the
clock (CLIENTELE_TEST_NOW) and the machine's time zone (TZ) set, and a real SMTP
server on loopback (tests/smtp-server.py): a birthday in Auckland goes on the local
day while UTC is still on the day before; send-due run twice, then from two processes
at once, sends each message once; killed with SIGKILL between queueing and sending,
nothing is lost or sent twice; imported clients get no welcome; coming-up says who is
left out and why."""

import calendar
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
from email import message_from_bytes
from email.policy import default as default_policy

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from smtptest import SmtpServer, SMTP_PASSWORD, SMTP_USER  # noqa: E402

# 15 March 2026, 09:30 in Auckland (NZDT, UTC+13) is 14 March, 20:30 UTC.
AUCKLAND_BIRTHDAY = calendar.timegm((2026, 3, 14, 20, 30, 0))


class AutoMessagesTestCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="clientele-auto-")
        self.tmp = self._tmp.name
        self.db = os.path.join(self.tmp, "clients.clientele")
        self.password_file = os.path.join(self.tmp, "smtp-password")
        with open(self.password_file, "w") as f:
            f.write(SMTP_PASSWORD + "\n")
        self.env = dict(os.environ)
        self.env.update(LC_ALL="C.UTF-8", LANGUAGE="", LANG="C.UTF-8", TZ="Pacific/Auckland",
                        XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"), HOME=self.tmp)
        self.env.pop("CLIENTELE_TEST_NOW", None)
        self.server = SmtpServer(self.tmp, extra=("--outbox",))

    def tearDown(self):
        self.server.stop()
        self._tmp.cleanup()

    def cli(self, *args, check=True, now=None):
        env = dict(self.env)
        if now is not None:
            env["CLIENTELE_TEST_NOW"] = str(now)
        result = subprocess.run([CLI, *args, "--database", self.db, "--create"], env=env,
                                capture_output=True, text=True, timeout=300)
        if check:
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def configure(self, **more):
        settings = {"business.name": "Salon Hélène", "sender.address": "desk@salon.example",
                    "smtp.host": "127.0.0.1", "smtp.port": str(self.server.port),
                    "smtp.username": SMTP_USER, "smtp.ca-file": self.server.cert,
                    "outbox.rate-per-minute": "100000", "auto.birthday.enabled": "on"}
        settings.update(more)
        for key, value in settings.items():
            self.cli("config", "set", key, value)

    def add_clients(self, rows, consent=True, now=None, welcome=False):
        """rows: (first, email, birth date); consents given by SQL (the CSV
        import has no consent columns)."""
        csv = os.path.join(self.tmp, "clients.csv")
        with open(csv, "w") as f:
            f.write("first_name,last_name,email,birth_date,language\n")
            for first, address, birth in rows:
                f.write("%s,Client,%s,%s,en\n" % (first, address, birth))
        extra = ("--welcome",) if welcome else ()
        ids = [int(x) for x in self.cli("import", csv, "--print-ids", *extra,
                                        now=now).stdout.split()[4:]]
        with sqlite3.connect(self.db) as db:
            db.executemany("UPDATE clients SET consent_birthday = ?, consent_welcome = ?,"
                           " message_channel = 'email' WHERE id = ?",
                           [(int(consent), int(consent), i) for i in ids])
        return ids

    def send_due(self, now=AUCKLAND_BIRTHDAY, check=True):
        return self.cli("messages", "send-due", "--smtp-password-file", self.password_file,
                        now=now, check=check)

    def recipients(self):
        return [message_from_bytes(raw, policy=default_policy)["To"].addresses[0].addr_spec
                for raw in self.server.raw_messages()]

    def outbox_states(self):
        with sqlite3.connect(self.db) as db:
            return dict(db.execute("SELECT recipient, state FROM outbox").fetchall())

    # ---- Tests ----

    def test_birthday_on_the_local_day_once(self):
        self.configure()
        self.add_clients([("Kiri", "kiri@example.nz", "1980-03-15"),
                          ("Tomorrow", "tomorrow@example.nz", "1980-03-16")])
        self.add_clients([("Refused", "refused@example.nz", "1980-03-15")], consent=False)
        # 08:00 in Auckland: not yet.
        self.assertIn("queued: 0", self.send_due(now=AUCKLAND_BIRTHDAY - 90 * 60).stdout)
        result = self.send_due()
        self.assertIn("Automatic messages queued: 1, skipped: 1", result.stdout)
        self.assertIn("Sent: 1", result.stdout)
        self.send_due(now=AUCKLAND_BIRTHDAY + 600)
        self.assertEqual(self.recipients(), ["kiri@example.nz"])
        message = message_from_bytes(self.server.raw_messages()[0], policy=default_policy)
        self.assertEqual(str(message["Subject"]), "Happy birthday, Kiri!")
        self.assertIn("Salon Hélène", message.get_content())
        shown = self.cli("messages", "coming-up", "--days", "3", now=AUCKLAND_BIRTHDAY).stdout
        self.assertRegex(shown, r"2026-03-15 09:00\tBirthday\temail\t\d+\tKiri Client\tSent")
        self.assertRegex(shown, r"2026-03-16 09:00\tBirthday\temail\t\d+\tTomorrow Client\t"
                                r"Will be sent")
        self.assertRegex(shown, r"Refused Client\tLeft out: did not agree")
        history = self.cli("outbox", "list", now=AUCKLAND_BIRTHDAY).stdout
        self.assertRegex(history, r"\tsent\temail\tbirthday\tkiri@example.nz\t")

    def test_two_processes_at_once_send_each_once(self):
        self.configure()
        count = 60
        self.add_clients([("C%d" % i, "c%d@example.org" % i, "1990-03-15") for i in range(count)])
        env = dict(self.env, CLIENTELE_TEST_NOW=str(AUCKLAND_BIRTHDAY))
        processes = [subprocess.Popen([CLI, "messages", "send-due", "--database", self.db,
                                       "--smtp-password-file", self.password_file], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(2)]
        for process in processes:
            out, err = process.communicate(timeout=300)
            self.assertEqual(process.returncode, 0, out + err)
        self.send_due()
        received = self.recipients()
        self.assertEqual(len(received), count)
        self.assertEqual(len(set(received)), count, "a birthday message received twice")
        with sqlite3.connect(self.db) as db:
            self.assertEqual(db.execute("SELECT count(*) FROM auto_messages").fetchone()[0], count)

    def test_killed_between_queueing_and_sending(self):
        self.configure()
        count = 300
        self.add_clients([("K%d" % i, "k%d@example.org" % i, "1990-03-15") for i in range(count)])
        env = dict(self.env, CLIENTELE_TEST_NOW=str(AUCKLAND_BIRTHDAY))
        # Slow enough (60 a minute) that each run is killed while it sends.
        self.cli("config", "set", "outbox.rate-per-minute", "60")
        rng = random.Random(15)
        kills = 0
        for _ in range(3):
            process = subprocess.Popen([CLI, "messages", "send-due", "--database", self.db,
                                        "--smtp-password-file", self.password_file], env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 1.5))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
            process.wait()
            with sqlite3.connect(self.db) as db:
                recorded = db.execute("SELECT count(*) FROM auto_messages").fetchone()[0]
                queued = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
            self.assertIn(recorded, (0, count), "queued all or none, in one transaction")
            self.assertEqual(queued, recorded, "each record with its outbox row")
        self.assertGreater(kills, 0, "a run must be killed to test anything")
        self.cli("config", "set", "outbox.rate-per-minute", "100000")
        self.send_due()
        received = self.recipients()
        self.assertEqual(len(received), len(set(received)), "a message received twice")
        states = self.outbox_states()
        self.assertEqual(len(states), count, "each birthday queued once")
        uncertain = {r for r, s in states.items() if s == "uncertain"}
        self.assertEqual(set(states) - set(received) - uncertain, set(), "messages lost")
        with sqlite3.connect(self.db) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")

    def test_no_welcome_after_import(self):
        self.configure(**{"auto.birthday.enabled": "off", "auto.welcome.enabled": "on"})
        self.add_clients([("Imported", "imported@example.org", "")], now=AUCKLAND_BIRTHDAY)
        result = self.send_due(now=AUCKLAND_BIRTHDAY + 60)
        self.assertIn("queued: 0", result.stdout)
        self.assertEqual(self.recipients(), [])
        shown = self.cli("messages", "coming-up", now=AUCKLAND_BIRTHDAY + 60).stdout
        self.assertNotIn("Imported", shown)
        # Unless the user chose so for that import.
        self.add_clients([("Chosen", "chosen@example.org", "")], now=AUCKLAND_BIRTHDAY + 120,
                         welcome=True)
        result = self.send_due(now=AUCKLAND_BIRTHDAY + 180)
        self.assertIn("queued: 1", result.stdout)
        self.assertEqual(self.recipients(), ["chosen@example.org"])
        message = message_from_bytes(self.server.raw_messages()[0], policy=default_policy)
        self.assertEqual(str(message["Subject"]), "Welcome to Salon Hélène")

    def test_settings_are_checked(self):
        for key, value in (("auto.birthday.days-before", "8"), ("auto.birthday.time", "9h"),
                           ("auto.welcome.channel", "fax"), ("auto.birthday.leap-day", "mar2"),
                           ("auto.birthday.enabled", "yes")):
            result = self.cli("config", "set", key, value, check=False)
            self.assertNotEqual(result.returncode, 0, key)
        self.cli("config", "set", "auto.birthday.time", "18:45")
        self.assertIn("18:45", self.cli("config", "get", "auto.birthday.time").stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
