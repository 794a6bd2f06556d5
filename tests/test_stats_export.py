#!/usr/bin/env python3
"""The statistics workbook read back with openpyxl: `clientele-cli stats
--xlsx` writes every report on a sheet of its own, with its period and its
consent note above the table, and the same figures as each report's CSV
(which the window's Export writes too). A label such as "=1+1" stays text."""

import csv
import io
import math
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

import openpyxl

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")
REPORTS = ["appointments", "takings", "clients", "services", "staff", "hours", "best-clients"]
PERIOD = ["--from", "2020-01-01", "--to", "2030-12-31"]
HEADER_ROW = 5  # openpyxl counts from 1: title, period, note, blank, header


class StatsExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="clientele-stats-export-")
        cls.db = os.path.join(cls.dir, "clients.db")
        cls.run_cli("demo", "--clients", "300", "--database", cls.db, "--create")
        # A service name a spreadsheet would take for a formula: the
        # counted clients' most frequent service renamed (so it is in the top).
        with sqlite3.connect(cls.db) as con:
            updated = con.execute(
                "UPDATE appointments SET service = '=1+1' WHERE service = "
                "(SELECT service FROM appointments WHERE profiling = 1 AND status = 'done' "
                "GROUP BY service ORDER BY count(*) DESC LIMIT 1)").rowcount
        assert updated > 0
        cls.book = os.path.join(cls.dir, "statistics.xlsx")
        cls.run_cli("stats", "--xlsx", cls.book, "--database", cls.db, *PERIOD)
        cls.workbook = openpyxl.load_workbook(cls.book)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    @staticmethod
    def run_cli(*args, check=True):
        return subprocess.run([CLI, *args], capture_output=True, text=True, check=check,
                              env=dict(os.environ, LC_ALL="C.UTF-8", LANGUAGE=""))

    def report_csv(self, name):
        out = self.run_cli("stats", name, "--database", self.db, *PERIOD).stdout
        return list(csv.reader(io.StringIO(out)))

    def test_one_sheet_per_report(self):
        self.assertEqual(len(self.workbook.sheetnames), len(REPORTS))
        for name, sheet in zip(REPORTS, self.workbook.worksheets):
            rows = self.report_csv(name)
            self.assertEqual(sheet["A1"].value, rows[0][0], name)

    def test_each_sheet_says_what_the_consent_rule_left_out(self):
        with sqlite3.connect(self.db) as con:
            left_out = con.execute(
                "SELECT count(DISTINCT client_id) FROM appointments WHERE profiling = 0"
            ).fetchone()[0]
        self.assertGreater(left_out, 0)
        for name, sheet in zip(REPORTS, self.workbook.worksheets):
            note = sheet["A3"].value
            self.assertIn("did not agree to profiling", note, name)
            self.assertIn(f"{left_out:,} clients", note, name)
            self.assertEqual(note, self.report_csv(name)[-1][0], name)
            self.assertTrue(sheet["A2"].value.startswith("From "), name)

    def check_cell(self, cell, text, percent, where):
        if text == "":
            self.assertIsNone(cell.value, where)
            return
        self.assertIsInstance(cell.value, (int, float), where)
        expected = float(text) / 100 if percent else float(text)
        self.assertTrue(math.isclose(cell.value, expected, abs_tol=0.0051 if not percent
                                     else 0.00051), f"{where}: {cell.value} != {text}")

    def test_same_figures_as_the_csv(self):
        for name, sheet in zip(REPORTS, self.workbook.worksheets):
            rows = self.report_csv(name)
            header, body = rows[0], rows[1:-1]
            self.assertGreater(len(body), 0, name)
            self.assertEqual(sheet.max_row, HEADER_ROW + len(body), name)
            for c, title in enumerate(header[1:], start=2):
                self.assertEqual(title.removesuffix(" (%)"),
                                 sheet.cell(HEADER_ROW, c).value, name)
            for r, line in enumerate(body, start=HEADER_ROW + 1):
                # The CSV puts an apostrophe before a label a spreadsheet
                # would take for a formula; the workbook's cell is text.
                label = line[0][1:] if line[0].startswith("'=") else line[0]
                self.assertEqual(sheet.cell(r, 1).value, label, name)
                for c, text in enumerate(line[1:], start=2):
                    percent = header[c - 1].endswith(" (%)")
                    self.check_cell(sheet.cell(r, c), text, percent, f"{name} {r},{c}")

    def test_formula_looking_label_stays_text(self):
        sheet = self.workbook.worksheets[REPORTS.index("services")]
        cells = [sheet.cell(r, 1) for r in range(HEADER_ROW + 1, sheet.max_row + 1)]
        found = [c for c in cells if c.value == "=1+1"]
        self.assertEqual(len(found), 1)
        self.assertEqual(found[0].data_type, "s")
        services = [line[0] for line in self.report_csv("services")]
        self.assertIn("'=1+1", services)
        self.assertNotIn("=1+1", services)

    def test_unwritable_folder_reports_and_creates_nothing(self):
        folder = os.path.join(self.dir, "missing")
        result = self.run_cli("stats", "--xlsx", os.path.join(folder, "s.xlsx"),
                              "--database", self.db, *PERIOD, check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("cannot be saved", result.stderr)
        self.assertFalse(os.path.exists(folder))

    def test_a_report_name_with_xlsx_is_refused(self):
        result = self.run_cli("stats", "takings", "--xlsx", os.path.join(self.dir, "t.xlsx"),
                              "--database", self.db, *PERIOD, check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("name no report", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "t.xlsx")))


if __name__ == "__main__":
    unittest.main()
