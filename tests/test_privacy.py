#!/usr/bin/python3
"""Tests of `clientele-cli privacy`: a client's data exported as JSON (parsed
back here, every client table in it) and HTML, forget asking for --yes and
leaving no trace in the file, and retention's dry run being what it then
does. The client tables are found here as the core finds them: through the
schema's foreign keys, so that a table the export leaves out fails."""

import html
import json
import os
import sqlite3
import subprocess
import tempfile
import unittest

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")
YEAR = 365 * 24 * 3600


class PrivacyTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="clientele-privacy-")
        self.tmp = self._tmp.name
        self.env = dict(os.environ)
        self.env.update(LC_ALL="C.UTF-8", LANGUAGE="", LANG="C.UTF-8",
                        XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"),
                        HOME=self.tmp)
        self.database = os.path.join(self.tmp, "clients.db")
        result = self.run_cli("demo", "--clients", "60", "--seed", "5", "--create")
        self.assertEqual(result.returncode, 0, result.stderr)

    def tearDown(self):
        self._tmp.cleanup()

    def run_cli(self, *args):
        return subprocess.run([CLI, *args, "--database", self.database], env=self.env,
                              capture_output=True, text=True, timeout=100)

    def query(self, sql, *params):
        db = sqlite3.connect(self.database)
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def execute(self, sql):
        db = sqlite3.connect(self.database)
        try:
            db.executescript(sql)
        finally:
            db.close()

    def client_tables(self):
        return [row[0] for row in self.query(
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
            " WHERE m.type = 'table' AND f.\"table\" = 'clients' AND f.\"from\" = 'client_id'")]

    def export(self, client):
        out = os.path.join(self.tmp, "out")
        result = self.run_cli("privacy", "export", "--client", str(client), "--out", out)
        self.assertEqual(result.returncode, 0, result.stderr)
        with open(os.path.join(out, "client-%d.json" % client), encoding="utf-8") as f:
            data = json.load(f)
        with open(os.path.join(out, "client-%d.html" % client), encoding="utf-8") as f:
            page = f.read()
        return data, page

    def test_export_has_every_client_table(self):
        client = self.query("SELECT client_id FROM appointments GROUP BY client_id"
                            " ORDER BY count(*) DESC LIMIT 1")[0][0]
        data, page = self.export(client)
        self.assertEqual(data["format"], "clientele-client-data")
        self.assertEqual(data["client_id"], client)
        tables = data["tables"]
        row = self.query("SELECT first_name, last_name, email, language FROM clients"
                         " WHERE id = ?", client)[0]
        self.assertEqual(tables["clients"][0]["first_name"], row[0])
        self.assertEqual(tables["clients"][0]["email"], row[2])
        for table in self.client_tables():
            self.assertIn(table, tables, "the export leaves out %s" % table)
            count = self.query("SELECT count(*) FROM %s WHERE client_id = ?" % table, client)[0][0]
            self.assertEqual(len(tables[table]), count, table)
        self.assertGreater(len(tables["appointments"]), 0)
        for key in ("merges", "merged_records", "ignored_pairs"):
            self.assertIn(key, tables)
        self.assertIn('<html lang="%s">' % row[3], page)
        self.assertIn(html.escape(row[1], quote=False), page)

    def test_forget_needs_yes_and_leaves_no_trace(self):
        client, email = self.query("SELECT id, email FROM clients WHERE email <> ''"
                                   " ORDER BY id LIMIT 1")[0]
        self.assertEqual(self.query("SELECT count(*) FROM clients WHERE email = ?", email)[0][0], 1)
        before = self.query("SELECT count(*), sum(price_cents) FROM appointments")

        result = self.run_cli("privacy", "forget", "--client", str(client))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("--yes", result.stderr)
        self.assertEqual(self.query("SELECT email FROM clients WHERE id = ?", client)[0][0], email)

        result = self.run_cli("privacy", "forget", "--client", str(client), "--yes")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.query("SELECT last_name, email, forgotten FROM clients"
                                    " WHERE id = ?", client),
                         [("Forgotten client #%d" % client, "", 1)])
        self.assertEqual(self.query("SELECT count(*), sum(price_cents) FROM appointments"), before)
        # A file other programs edited too: rewritten after the forget.
        other = self.query("SELECT id FROM clients WHERE forgotten = 0 ORDER BY id LIMIT 1")[0][0]
        result = self.run_cli("privacy", "forget", "--client", str(other), "--yes", "--vacuum")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.query("PRAGMA freelist_count"), [(0,)])
        for path in (self.database, self.database + "-wal"):
            if os.path.exists(path):
                with open(path, "rb") as f:
                    self.assertNotIn(email.lower().encode(), f.read().lower(), path)

    def test_retention_dry_run_is_what_it_does(self):
        # Five clients last seen ten years ago: everything of theirs moved back.
        ids = [row[0] for row in self.query("SELECT id FROM clients ORDER BY id LIMIT 5")]
        shift = 10 * YEAR
        listed = ", ".join(str(i) for i in ids)
        self.execute(
            "UPDATE clients SET created = created - %d WHERE id IN (%s);"
            "UPDATE appointments SET start = min(start, strftime('%%s', 'now') - 86400) - %d"
            " WHERE client_id IN (%s);"
            "UPDATE messages SET sent = sent - %d WHERE client_id IN (%s);"
            "UPDATE outbox SET sent_at = sent_at - %d WHERE client_id IN (%s);"
            "UPDATE consent_history SET at = at - %d WHERE client_id IN (%s);"
            % (shift, listed, shift, listed, shift, listed, shift, listed, shift, listed))

        result = self.run_cli("privacy", "retention")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("No retention policy", result.stderr)
        result = self.run_cli("privacy", "retention", "--years", "3")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("--dry-run", result.stderr)

        result = self.run_cli("privacy", "retention", "--years", "3", "--dry-run")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "id\tlast_contact\tappointments\tname")
        previewed = [int(line.split("\t")[0]) for line in lines[1:-1]]
        self.assertIn("would be forgotten", lines[-1])
        self.assertEqual(self.query("SELECT count(*) FROM clients WHERE forgotten = 1")[0][0], 0)
        self.assertTrue(set(ids) <= set(previewed), (ids, previewed))

        result = self.run_cli("privacy", "retention", "--years", "3", "--yes")
        self.assertEqual(result.returncode, 0, result.stderr)
        forgotten = [row[0] for row in
                     self.query("SELECT id FROM clients WHERE forgotten = 1 ORDER BY id")]
        self.assertEqual(forgotten, previewed)
        self.assertIn("%d clients forgotten." % len(previewed), result.stdout)


    # What the form of each language says, as pdftotext reads it back.
    FORM = {
        "en": ("Privacy notice and consent form", "Birthday messages", "Promotions and offers",
               "Profiling"),
        "fr": ("Information sur la protection des données", "Messages d’anniversaire",
               "Promotions et offres", "Profilage"),
        "de": ("Datenschutzhinweise und Einwilligungserklärung", "Geburtstagsnachrichten",
               "Aktionen und Angebote", "Profilbildung"),
    }

    # pdftotext comes with build-aux/setup.sh (poppler-utils): never skipped.
    def test_form_in_each_language(self):
        self.execute("INSERT INTO settings (key, value) VALUES ('business.name', 'Salon Lumière'),"
                     " ('business.address', '12 rue des Lilas, 69002 Lyon')")
        for language, (title, birthday, promotions, profiling) in self.FORM.items():
            client, first, last = self.query(
                "SELECT id, first_name, last_name FROM clients WHERE language = ?"
                " ORDER BY id LIMIT 1", language)[0]
            result = self.run_cli("privacy", "record-form", "--client", str(client),
                                  "--purposes", "birthday,profiling")
            self.assertEqual(result.returncode, 0, result.stderr)
            pdf = os.path.join(self.tmp, "form-%s.pdf" % language)
            result = self.run_cli("privacy", "form", "--client", str(client), "--pdf", pdf)
            self.assertEqual(result.returncode, 0, result.stderr)
            text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                                  text=True, check=True).stdout
            lines = [" ".join(line.split()) for line in text.splitlines()]
            joined = " ".join(text.split())
            self.assertIn(title, joined)
            self.assertIn("Salon Lumière", joined)
            self.assertIn("%s %s" % (first, last), joined)
            self.assertTrue(any(line.startswith("☒ " + birthday) for line in lines), lines)
            self.assertTrue(any(line.startswith("☒ " + profiling) for line in lines), lines)
            self.assertTrue(any(line.startswith("☐ " + promotions) for line in lines), lines)
            sources = {row[0] for row in self.query(
                "SELECT source FROM consent_history WHERE client_id = ? AND at >="
                " strftime('%s', 'now') - 60", client)}
            self.assertIn("form", sources)

        result = self.run_cli("privacy", "record-form", "--client", "1", "--purposes", "spam")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("spam", result.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
