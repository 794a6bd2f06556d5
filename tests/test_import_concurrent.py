#!/usr/bin/python3
"""A long import beside other processes (clientele-cli, real processes on one
client file): while 200,000 rows are imported, `portal verify` (which writes
its attempt), `search` and a second import succeed; the rows appear together
at the end; and an import killed midway leaves nothing once the file is
opened again."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from smtptest import SmtpServer, SMTP_USER, SMTP_PASSWORD  # noqa: E402

ROWS = 200000


class ConcurrentImportTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="clientele-import-")
        self.tmp = self._tmp.name
        self.db = os.path.join(self.tmp, "clients.clientele")
        self.env = dict(os.environ)
        self.env.update(LC_ALL="C.UTF-8", LANGUAGE="", LANG="C.UTF-8",
                        XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"), HOME=self.tmp)
        self.big = os.path.join(self.tmp, "big.csv")
        with open(self.big, "w") as f:
            f.write("ref,first_name,last_name,mobile,email\n")
            for i in range(ROWS):
                f.write("B%d,First%d,Last%d,06 %02d %02d %02d %02d,b%d@example.com\n"
                        % (i, i, i % 977, i % 100, i // 100 % 100, i // 7 % 100, i % 89, i))
        self.processes = []

    def tearDown(self):
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        self._tmp.cleanup()

    def cli(self, *args, stdin=None):
        return subprocess.run([CLI, *args, "--database", self.db, "--create"], env=self.env,
                              input=stdin, capture_output=True, text=True, timeout=120)

    def start_import(self):
        process = subprocess.Popen([CLI, "import", self.big, "--database", self.db, "--create"],
                                   env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        self.processes.append(process)
        return process

    def query(self, sql):
        with sqlite3.connect(self.db, timeout=30) as db:
            return db.execute(sql).fetchone()[0]

    def wait_for_hidden_rows(self, process):
        """Until the import has committed a chunk of hidden rows (it runs)."""
        deadline = time.monotonic() + 100
        while self.query("SELECT count(*) FROM hidden_clients WHERE batch < 0") == 0:
            self.assertIsNone(process.poll(), "the import ended before its first chunk")
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def portal_account(self):
        """A client with a portal account, its password read from the mail."""
        server = SmtpServer(self.tmp)
        self.addCleanup(server.stop)
        for key, value in [("business.name", "Salon"), ("sender.address", "desk@salon.example"),
                           ("smtp.host", "127.0.0.1"), ("smtp.port", str(server.port)),
                           ("smtp.username", SMTP_USER), ("smtp.ca-file", server.cert)]:
            self.assertEqual(self.cli("config", "set", key, value).returncode, 0)
        csv = self.write("one.csv", "first_name,last_name,email\nAda,Lovelace,ada@example.com\n")
        result = self.cli("import", csv, "--print-ids")
        self.assertEqual(result.returncode, 0, result.stderr)
        client = result.stdout.split()[-1]
        password_file = self.write("smtp-password", SMTP_PASSWORD + "\n")
        result = self.cli("portal", "create", "--client", client, "--login", "ada",
                          "--smtp-password-file", password_file)
        self.assertEqual(result.returncode, 0, result.stderr)
        body = server.messages()[0].get_body(preferencelist=("plain",)).get_content()
        return re.search(r"^Password ?: (\S+)$", body, re.M).group(1)

    def test_others_write_while_importing(self):
        password = self.portal_account()
        second = self.write("second.csv", "first_name,last_name\nGrace,Hopper\n")
        importing = self.start_import()
        self.wait_for_hidden_rows(importing)

        verify = self.cli("portal", "verify", "ada", stdin=password + "\n")
        self.assertEqual(verify.returncode, 0, verify.stderr)
        self.assertTrue(verify.stdout.startswith("ok"), verify.stdout)
        search = self.cli("search", "Lovelace")
        self.assertEqual(search.returncode, 0, search.stderr)
        self.assertIn("Lovelace", search.stdout)
        # The import's rows are not shown before it ends.
        self.assertNotIn("First1,", self.cli("search", "First1").stdout)
        again = self.cli("import", second)
        self.assertEqual(again.returncode, 0, again.stderr)
        # All of that happened while the long import was running.
        self.assertIsNone(importing.poll(), "the import ended too soon to prove anything")

        out, err = importing.communicate(timeout=300)
        self.assertEqual(importing.returncode, 0, err)
        self.assertIn("Imported: %d, skipped: 0" % ROWS, out)
        self.assertEqual(self.query("SELECT count(*) FROM clients"), ROWS + 2)
        self.assertEqual(self.query("SELECT count(*) FROM hidden_clients"), 0)

    def test_killed_import_removed_at_next_open(self):
        self.assertEqual(self.cli("config", "list").returncode, 0)  # the file, created
        importing = self.start_import()
        self.wait_for_hidden_rows(importing)
        importing.send_signal(signal.SIGKILL)
        importing.wait()
        self.assertGreater(self.query("SELECT count(*) FROM clients"), 0)

        # Any command opens the file: the dead import's rows go.
        self.assertEqual(self.cli("config", "list").returncode, 0)
        self.assertEqual(self.query("SELECT count(*) FROM clients"), 0)
        self.assertEqual(self.query("SELECT count(*) FROM hidden_clients"), 0)
        # So the same file imports again, its references free.
        small = self.write("small.csv", "ref,last_name\nB0,Again\n")
        result = self.cli("import", small)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Imported: 1, skipped: 0", result.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
