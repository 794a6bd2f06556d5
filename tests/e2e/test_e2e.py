#!/usr/bin/python3
"""End to end: the real Clientele binary, driven over AT-SPI with dogtail as a
user would: create a client, find it by a differently written phone number,
open it, add an appointment. The database is then read with sqlite3, and
screenshots of the window and of each notebook page land in the build folder."""

import os
import sqlite3
import subprocess
import sys
import time
import unittest

from gi.repository import Gio

# dogtail refuses to run unless toolkit accessibility is on; the test's own
# in-memory GSettings backend makes that setting local to this process.
Gio.Settings.new("org.gnome.desktop.interface").set_boolean("toolkit-accessibility", True)

from dogtail import config, rawinput, tree  # noqa: E402

config.searchShowingOnly = True
config.defaultDelay = 0.2
config.searchCutoffCount = 10
config.logDebugToFile = False

APP = os.environ["CLIENTELE_APP"]
CLI = os.environ["CLIENTELE_CLI"]
BUILD = os.environ["CLIENTELE_BUILD_ROOT"]
SCRATCH = os.environ["E2E_SCRATCH"]
SHOTS = os.path.join(BUILD, "screenshots")
DEADLINE = 15


def wait_for(predicate, what, deadline=DEADLINE):
    """Polls until predicate() is truthy; the deadline only stops a broken run."""
    end = time.monotonic() + deadline
    while True:
        try:
            value = predicate()
        except Exception:  # nodes come and go while GTK updates
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def screenshot(name):
    os.makedirs(SHOTS, exist_ok=True)
    subprocess.run(["import", "-window", "root", os.path.join(SHOTS, f"e2e-{name}.png")],
                   check=False, capture_output=True)


def set_text(node, text):
    """Types into an entry: through the EditableText interface when the
    toolkit offers it, else by focusing it with a click and typing."""
    try:
        editable = node.queryEditableText()
        editable.setTextContents(text)
        return
    except NotImplementedError:
        pass
    node.click()
    rawinput.typeText(text)


def read_text(node):
    t = node.queryText()
    return t.getText(0, t.characterCount)


def click(node):
    node.doActionNamed("click")


class EndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = os.path.join(SCRATCH, "e2e.db")
        subprocess.run([CLI, "demo", "--clients", "20", "--database", cls.db], check=True,
                       capture_output=True)
        cls.proc = subprocess.Popen([APP, "--database", cls.db])
        cls.app = wait_for(lambda: tree.root.application("clientele"), "the app on AT-SPI")
        cls.window = wait_for(lambda: cls.app.child(roleName="frame", name="Clientele"),
                              "the main window")

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        try:
            cls.proc.wait(10)
        except subprocess.TimeoutExpired:
            cls.proc.kill()

    def query(self, sql, *params):
        with sqlite3.connect(self.db) as con:
            return con.execute(sql, params).fetchall()

    def dialog(self, title):
        return wait_for(lambda: self.app.child(roleName="frame", name=title, retry=False),
                        f"the window “{title}”")

    def entry(self, parent, name):
        return parent.child(roleName="text", name=name)

    def test_create_find_open_add_appointment(self):
        screenshot("main-window")

        # Create a client.
        click(self.window.child(roleName="push button", name="New client"))
        dialog = self.dialog("New client")
        set_text(self.entry(dialog, "First name"), "Zoé")
        set_text(self.entry(dialog, "Last name"), "Testeuse-Été")
        set_text(self.entry(dialog, "Phone"), "06 98 76 54 31")
        click(dialog.child(roleName="push button", name="Save"))
        rows = wait_for(lambda: self.query(
            "SELECT id FROM clients WHERE last_name = 'Testeuse-Été' AND phone = '06 98 76 54 31'"),
            "the new client in the database")
        client_id = rows[0][0]

        # Find it by the same number written the international way.
        search = self.window.child(roleName="entry", name="Search clients")
        set_text(search, "+33 6 98 76 54 31")

        def only_her():
            flags = [n.name for n in self.window.findChildren(
                lambda n: n.roleName == "check box" and n.name.startswith("Flag "))]
            return flags == ["Flag Zoé Testeuse-Été"]
        wait_for(only_her, "exactly the new client listed")
        screenshot("search")

        # Open it with a double click on her name.
        name_cell = self.window.child(roleName="label", name="Zoé Testeuse-Été")
        name_cell.doubleClick()
        dialog = self.dialog("Zoé Testeuse-Été")
        self.assertEqual(read_text(self.entry(dialog, "Phone")), "06 98 76 54 31")

        for page in ("Main data", "Address", "Other", "Appointments"):
            tab = dialog.child(roleName="label", name=page)
            tab.click()
            time.sleep(0.5)
            screenshot("client-" + page.lower().replace(" ", "-"))

        # Add an appointment and save the client.
        click(wait_for(lambda: dialog.child(roleName="push button", name="Add appointment",
                                            retry=False), "Add appointment"))
        appointment = self.dialog("Appointment")
        set_text(self.entry(appointment, "Service"), "Coupe e2e")
        set_text(self.entry(appointment, "Staff member"), "Camille")
        click(appointment.child(roleName="push button", name="Save"))
        wait_for(lambda: dialog.findChildren(lambda n: "Coupe e2e" in (n.name or "")),
                 "the new appointment listed")
        click(dialog.child(roleName="push button", name="Save"))

        appointments = wait_for(lambda: self.query(
            "SELECT service, staff, status FROM appointments WHERE client_id = ?", client_id),
            "the appointment in the database")
        self.assertEqual(appointments, [("Coupe e2e", "Camille", "booked")])
        screenshot("after-save")


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
