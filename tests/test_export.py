#!/usr/bin/python3
"""The Excel export read back with a real spreadsheet reader (openpyxl) and
compared cell by cell with the database, through `clientele-cli export`."""

import datetime
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import unittest
import zipfile

import openpyxl

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")

# A local time with summer time (Central European, as a POSIX rule, so that no
# zone files are needed): times are written in local time, and the offset
# must follow the date (UTC+1 in winter, UTC+2 in summer).
os.environ["TZ"] = "CET-1CEST,M3.5.0,M10.5.0/3"
time.tzset()
MARKER = "… [truncated]"

# Header of the Clients sheet -> (database column, kind).
CLIENT_COLUMNS = {
    "Client ID": ("id", "int"),
    "Reference": ("reference", "text"),
    "First name": ("first_name", "text"),
    "Last name": ("last_name", "text"),
    "Gender": ("gender", "gender"),
    "Birth date": ("birth_date", "date"),
    "Phone": ("phone", "text"),
    "Mobile": ("mobile", "text"),
    "Email": ("email", "text"),
    "Street": ("street", "text"),
    "Postcode": ("postcode", "text"),
    "City": ("city", "text"),
    "Country": ("country", "text"),
    "Language for messages": ("language", "language"),
    "Notes": ("notes", "text"),
    "Message channel": ("message_channel", "channel"),
    "Birthday messages": ("consent_birthday", "bool"),
    "Birthday consent changed": ("consent_birthday_changed", "time"),
    "Welcome message": ("consent_welcome", "bool"),
    "Welcome consent changed": ("consent_welcome_changed", "time"),
    "Promotions": ("consent_promotions", "bool"),
    "Promotions consent changed": ("consent_promotions_changed", "time"),
    "Profiling": ("consent_profiling", "bool"),
    "Profiling consent changed": ("consent_profiling_changed", "time"),
    "Prevent online booking": ("prevent_online_booking", "bool"),
    "Created": ("created", "time"),
    "Updated": ("updated", "time"),
}
LABELS = {
    "gender": {"": None, "female": "Female", "male": "Male", "other": "Other"},
    "language": {"en": "English", "fr": "French", "de": "German"},
    "channel": {"sms": "SMS", "email": "Email"},
}
STATUS = {"booked": "Booked", "done": "Done", "cancelled": "Cancelled", "no-show": "No-show"}

TRICKY_CSV = (
    "ref,first_name,last_name,phone,postcode,email,notes\n"
    'T-1,"+33 6 12","=HYPERLINK(""http://example.com"",""click"")",06 12 34 56 78,01000,,\n'
    "T-2,@x,-,+44 7700 900123,SW1A 1AA,a@example.com,\n"
    "T-3,Łukasz,🎉 مريم O'Brien,0151 23456789,00100,,=1+1\n"
    "T-4,Long,Notes,,,,{long}\n"
).format(long="é" * 40000)


# The default statuses as shown (untranslated: the tests run in C.UTF-8).
STATUS_NAMES = {(1, "prospect"): "Prospect", (2, "active"): "Active", (3, "inactive"): "Inactive"}


def local_time(seconds):
    return datetime.datetime.fromtimestamp(seconds).replace(microsecond=0)


class ExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="clientele-export-")
        cls.db = os.path.join(cls.dir, "clients.db")
        cls.run_cli("demo", "--clients", "40", "--database", cls.db, "--create")
        csv = os.path.join(cls.dir, "tricky.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write(TRICKY_CSV)
        out = cls.run_cli("import", csv, "--database", cls.db, "--print-ids").stdout
        cls.tricky_ids = [int(line) for line in out.splitlines() if line.strip().isdigit()]
        assert len(cls.tricky_ids) == 4, out
        ids = ",".join(str(i) for i in cls.tricky_ids[:2])
        cls.run_cli("tag", "add", "VIP", "--ids", ids, "--database", cls.db)
        cls.run_cli("tag", "add", "allergy: latex", "--ids", str(cls.tricky_ids[0]),
                    "--database", cls.db)
        cls.run_cli("tag", "add", "=1+1", "--ids", str(cls.tricky_ids[1]), "--database", cls.db)
        cls.run_cli("status", "add", "Régulière", "--database", cls.db)
        cls.run_cli("status", "set", "Régulière", "--ids", str(cls.tricky_ids[0]),
                    "--database", cls.db)
        cls.run_cli("status", "set", "inactive", "--ids", str(cls.tricky_ids[2]),
                    "--database", cls.db)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    @staticmethod
    def run_cli(*args, check=True):
        return subprocess.run([CLI, *args], capture_output=True, text=True, check=check,
                              env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))

    def export(self, name, *extra):
        path = os.path.join(self.dir, name)
        self.run_cli("export", "--xlsx", path, "--database", self.db, *extra)
        return path

    def query(self, sql, *params):
        with sqlite3.connect(self.db) as con:
            con.row_factory = sqlite3.Row
            return con.execute(sql, params).fetchall()

    def expected_cell(self, kind, value):
        if kind in LABELS:
            return LABELS[kind].get(value)
        if kind == "text":
            return value if value != "" else None
        if kind == "bool":
            return bool(value)
        if kind == "time":
            return local_time(value) if value else None
        if kind == "date":
            return datetime.datetime.fromisoformat(value) if value else None
        return value

    def check_clients_sheet(self, sheet, ids):
        headers = [c.value for c in sheet[1]]
        for header in CLIENT_COLUMNS:
            self.assertIn(header, headers)
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(sorted(r[0] for r in rows), sorted(ids))
        now = int(datetime.datetime.now().timestamp())
        for row in rows:
            cells = dict(zip(headers, row))
            db = self.query("SELECT * FROM clients WHERE id = ?", cells["Client ID"])[0]
            for header, (column, kind) in CLIENT_COLUMNS.items():
                want = self.expected_cell(kind, db[column])
                got = cells[header]
                if column == "notes" and want and len(want) > 32767:
                    self.assertEqual(len(got), 32767)
                    self.assertTrue(got.endswith(MARKER))
                    self.assertTrue(want.startswith(got[: -len(MARKER)]))
                    continue
                self.assertEqual(got, want, f"{header} of client {db['id']}")
                if kind == "text" and want is not None:
                    self.assertIsInstance(got, str)
            count = self.query("SELECT count(*) AS n FROM appointments WHERE client_id = ?",
                               db["id"])[0]["n"]
            self.assertEqual(cells["Appointments"], count)
            last = self.query("SELECT max(start) AS t FROM appointments WHERE client_id = ? "
                              "AND start <= ? AND status IN ('booked','done')", db["id"], now)[0]["t"]
            self.assertEqual(cells["Last visit"], local_time(last) if last else None)
            status = self.query("SELECT id, name FROM statuses WHERE id = ?", db["status"])[0]
            self.assertEqual(cells["Status"], STATUS_NAMES.get((status["id"], status["name"]),
                                                               status["name"]))
            tags = sorted(r["tag"] for r in self.query(
                "SELECT tag FROM client_tags WHERE client_id = ?", db["id"]))
            self.assertEqual(cells["Tags"], ", ".join(tags) if tags else None)
            if tags:
                self.assertIsInstance(cells["Tags"], str)

    def check_appointments_sheet(self, sheet, ids):
        headers = [c.value for c in sheet[1]]
        self.assertEqual(headers, ["Client ID", "Client", "Start", "Duration (minutes)",
                                   "Service", "Staff member", "Price", "Status", "Notes"])
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        marks = ",".join("?" * len(ids))
        db_rows = self.query(f"SELECT * FROM appointments WHERE client_id IN ({marks}) "
                             "ORDER BY client_id, start, id", *ids)
        self.assertEqual(len(rows), len(db_rows))
        self.assertGreater(len(rows), 0)
        got = sorted(rows, key=lambda r: (r[0], r[2]))
        for row, db in zip(got, db_rows):
            self.assertEqual(row[0], db["client_id"])
            self.assertEqual(row[2], local_time(db["start"]))
            self.assertEqual(row[3], db["duration"])
            self.assertEqual(row[4], db["service"] or None)
            self.assertAlmostEqual(row[6], db["price_cents"] / 100)
            self.assertEqual(row[7], STATUS[db["status"]])

    def test_all_clients_every_cell(self):
        path = self.export("all.xlsx")
        book = openpyxl.load_workbook(path)
        self.assertEqual(book.sheetnames, ["Clients", "Appointments"])
        ids = [r["id"] for r in self.query("SELECT id FROM clients")]
        self.check_clients_sheet(book["Clients"], ids)
        self.check_appointments_sheet(book["Appointments"], ids)

    def test_only_the_given_ids(self):
        ids = [r["id"] for r in self.query("SELECT id FROM clients ORDER BY id LIMIT 3 OFFSET 5")]
        path = self.export("three.xlsx", "--ids", ",".join(map(str, ids)))
        book = openpyxl.load_workbook(path)
        self.check_clients_sheet(book["Clients"], ids)
        self.check_appointments_sheet(book["Appointments"], ids)

    def test_formula_looking_text_stays_text(self):
        path = self.export("tricky.xlsx", "--ids", ",".join(map(str, self.tricky_ids)))
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = archive.read(name).decode()
                    self.assertNotIn("<f>", xml)
                    self.assertNotIn("<f ", xml)
        sheet = openpyxl.load_workbook(path)["Clients"]
        headers = [c.value for c in sheet[1]]
        names = {row[headers.index("Last name")] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertIn('=HYPERLINK("http://example.com","click")', names)
        self.assertIn("-", names)
        self.assertIn("🎉 مريم O'Brien", names)
        postcodes = {row[headers.index("Postcode")] for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertIn("01000", postcodes)
        self.assertIn("00100", postcodes)

    def test_layout(self):
        book = openpyxl.load_workbook(self.export("layout.xlsx"))
        for sheet in book.worksheets:
            self.assertEqual(sheet.freeze_panes, "A2")
            self.assertTrue(sheet["A1"].font.bold)
            self.assertTrue(sheet.auto_filter.ref)
            self.assertGreater(sheet.column_dimensions["B"].width, 8)
        date_cell = next(c for c in book["Clients"]["F"][1:] if c.value is not None)
        self.assertTrue(date_cell.is_date)

    def test_zipped_at_the_fastest_level(self):
        # src/core/clientele-zip-level.c makes libxlsxwriter zip at level 1;
        # minizip records that as bits 1 and 2 of each entry's flags.
        with zipfile.ZipFile(self.export("level.xlsx")) as archive:
            for info in archive.infolist():
                self.assertEqual(info.compress_type, zipfile.ZIP_DEFLATED, info.filename)
                self.assertEqual(info.flag_bits & 6, 6, info.filename)
            self.assertIsNone(archive.testzip())

    def test_unwritable_folder_reports_and_creates_nothing(self):
        path = os.path.join(self.dir, "missing-folder", "out.xlsx")
        result = self.run_cli("export", "--xlsx", path, "--database", self.db, check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot be saved", result.stderr)
        self.assertFalse(os.path.exists(os.path.dirname(path)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
