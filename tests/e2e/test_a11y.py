#!/usr/bin/python3
"""Accessible names, over AT-SPI as a screen reader reads them (issue 23,
item 9): the real app is started and every window it can show is opened in
turn (the main window and its menus, the client dialog with each of its pages,
the appointment dialog, Preferences, Duplicates, the merge dialog, the Outbox, the keyboard
shortcuts, About); every control in each is checked. A control fails when it
has no name, when its name still carries a mnemonic underscore ("_Keep Editing"),
or when its name is a widget class's ("GtkToggleButton", "GtkLabel") or a role's
("Tab"): what GTK 4.8 announces for a widget nobody named. All failures are
listed at the end, each with the window and the path of roles leading to it."""

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
import time
import unittest

from gi.repository import Gio

Gio.Settings.new("org.gnome.desktop.interface").set_boolean("toolkit-accessibility", True)

from dogtail import config, rawinput, tree  # noqa: E402

config.searchShowingOnly = False
config.defaultDelay = 0.2
config.searchCutoffCount = 10
config.logDebugToFile = False

APP = os.environ["CLIENTELE_APP"]
CLI = os.environ["CLIENTELE_CLI"]
SCRATCH = os.environ["E2E_SCRATCH"]
DEADLINE = 15

# The roles a person operates; their names are what a screen reader says.
CONTROL_ROLES = {
    "push button", "toggle button", "check box", "radio button", "combo box", "text",
    "entry", "password text", "spin button", "page tab", "menu item", "check menu item",
    "radio menu item", "slider", "switch", "link", "list box", "menu button",
}
# Labels are not operated, but one left empty reads out as "GtkLabel".
NAMED_ROLES = CONTROL_ROLES | {"label"}
CLASS_NAME = re.compile(r"^(Gtk|Adw|Clientele|Gdk|Gsk)[A-Z][A-Za-z]*$")
ROLE_NAMES = {"Tab", "Button", "Label", "Text", "Entry"}
# A mnemonic underscore: at the start or before a letter ("_Keep", "Create _Anyway");
# "e_mail@example.org" in a shown email address is data, so only "_" + capital
# or a leading "_" counts.
MNEMONIC = re.compile(r"(^|\s)_\w|_[A-Z]")


def wait_for(predicate, what, deadline=DEADLINE):
    end = time.monotonic() + deadline
    while True:
        try:
            value = predicate()
        except Exception:  # nodes come and go while GTK updates
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {deadline} s waiting for {what}")
        time.sleep(0.2)


def problem(role, name):
    """Why this name is wrong for this role, or None."""
    if role in CONTROL_ROLES and not name.strip():
        return "no name"
    if CLASS_NAME.match(name) or name in ROLE_NAMES:
        return f"a class or role name ({name!r})"
    if role in CONTROL_ROLES and MNEMONIC.search(name):
        return f"a mnemonic underscore ({name!r})"
    return None


def path_of(node, stop):
    parts = []
    while node is not None and node != stop:
        parts.append(f"{node.roleName}:{node.name!r}" if node.name else node.roleName)
        node = node.parent
    return " > ".join(reversed(parts[:5]))


def walk(node, visit):
    try:
        children = list(node.children)
    except Exception:
        return
    for child in children:
        try:
            visit(child)
        except Exception:  # a node gone meanwhile
            continue
        walk(child, visit)


def click(node):
    node.doActionNamed("click")


class AccessibleNames(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = os.path.join(SCRATCH, "a11y.db")
        subprocess.run([CLI, "demo", "--clients", "20", "--database", cls.db, "--create"], check=True,
                       capture_output=True)
        csv_path = os.path.join(SCRATCH, "twice.csv")
        with open(csv_path, "w") as f:
            f.write("first_name,last_name,mobile,email\n"
                    "Gaspard,Lenoir,06 55 44 33 22,gaspard.lenoir@example.fr\n"
                    "gaspard,lenoir,07 11 22 33 44,GASPARD.LENOIR@example.fr\n")
        subprocess.run([CLI, "import", csv_path, "--database", cls.db], check=True,
                       capture_output=True)
        cls.proc = subprocess.Popen([APP, "--database", cls.db])
        cls.addClassCleanup(cls.stop_app)
        cls.app = wait_for(lambda: tree.root.application("clientele"), "the app on AT-SPI")
        cls.window = wait_for(lambda: cls.app.child(roleName="frame", name="Clientele",
                                                    retry=False), "the main window")
        cls.failures = []
        cls.checked = {}

    @classmethod
    def stop_app(cls):
        cls.proc.terminate()
        try:
            cls.proc.wait(10)
        except subprocess.TimeoutExpired:
            cls.proc.kill()
            cls.proc.wait()

    def check(self, root, where):
        """Records every badly named control under root; returns how many
        controls were checked (a walk that saw none checked nothing)."""
        seen = []

        def visit(node):
            role = node.roleName
            if role not in NAMED_ROLES:
                return
            seen.append(node)
            why = problem(role, node.name or "")
            if why:
                self.failures.append(f"{where}: {path_of(node, root)}: {why}")

        walk(root, visit)
        controls = [n for n in seen if n.roleName in CONTROL_ROLES]
        self.checked[where] = len(controls)
        self.assertGreater(len(controls), 0, f"no control found in {where}")
        return controls

    def frame(self, title):
        return wait_for(lambda: self.app.child(roleName="frame", name=title, retry=False),
                        f"the window “{title}”")

    def menu_item(self, label):
        return wait_for(lambda: self.app.findChild(
            lambda n: n.roleName == "menu item" and n.name == label, retry=False,
            requireResult=False, showingOnly=False), f"the menu item “{label}”")

    def open_main_menu(self):
        self.window.child(roleName="push button", name="Main menu").click()
        time.sleep(0.5)

    def close_frame(self, frame, title):
        rawinput.pressKey("Escape")
        wait_for(lambda: not self.app.isChild(roleName="frame", name=title, recursive=False),
                 f"the window “{title}” closed")

    def test_1_main_window_and_menus(self):
        wait_for(lambda: self.window.findChildren(
            lambda n: n.roleName == "check box" and n.name.startswith("Flag ")),
            "the sample clients listed")
        self.open_main_menu()
        self.menu_item("Preferences")
        self.check(self.window, "the main window with its main menu")
        rawinput.pressKey("Escape")
        self.window.child(roleName="push button", name="Other actions").click()
        time.sleep(0.5)
        self.check(self.window, "the main window with Other Actions")
        rawinput.pressKey("Escape")

    def test_2_client_and_appointment_dialogs(self):
        click(self.window.child(roleName="push button", name="New Client"))
        dialog = self.frame("New Client")
        self.check(dialog, "the new client dialog")
        click(dialog.child(roleName="push button", name="Cancel"))
        wait_for(lambda: not self.app.isChild(roleName="frame", name="New Client",
                                              recursive=False), "the new client dialog closed")

        # A client with appointments, so that their rows are walked too.
        with contextlib.closing(sqlite3.connect(self.db)) as con:
            name = con.execute(
                "SELECT first_name || ' ' || last_name FROM clients WHERE id IN"
                " (SELECT client_id FROM appointments) ORDER BY id LIMIT 1").fetchone()[0]
        search = self.window.child(roleName="entry", name="Search clients")
        search.queryEditableText().setTextContents(name)
        wait_for(lambda: self.window.findChild(
            lambda n: n.roleName == "label" and n.name == name, retry=False,
            requireResult=False), f"“{name}” listed").doubleClick()
        dialog = self.frame(name)
        for tab in dialog.findChildren(lambda n: n.roleName == "page tab"):
            tab.click()
            time.sleep(0.3)
        self.check(dialog, f"the client dialog of {name}")

        appointments = dialog.findChild(lambda n: n.roleName == "page tab"
                                        and n.name == "Appointments", retry=False,
                                        requireResult=False)
        if appointments is not None:
            appointments.click()
        click(dialog.child(roleName="push button", name="Add Appointment"))
        editor = self.frame("Appointment")
        self.check(editor, "the appointment dialog")
        click(editor.child(roleName="push button", name="Cancel"))
        wait_for(lambda: not self.app.isChild(roleName="frame", name="Appointment",
                                              recursive=False), "the appointment dialog closed")
        # An edit, then Cancel: the question it asks is a message dialog,
        # whose buttons libadwaita labels with mnemonics.
        dialog.child(roleName="text", name="Reference").queryEditableText() \
            .setTextContents("A11Y-EDIT")
        click(dialog.child(roleName="push button", name="Cancel"))
        question = wait_for(lambda: self.app.findChild(
            lambda n: n.roleName in ("dialog", "frame", "alert") and n.findChild(
                lambda m: m.name == "Discard changes?", retry=False, requireResult=False),
            retry=False, requireResult=False, recursive=False), "the “Discard changes?” question")
        self.check(question, "the “Discard changes?” question")
        click(question.findChild(lambda n: n.roleName == "push button"
                                 and n.name.endswith("Discard"), retry=False))
        wait_for(lambda: not self.app.isChild(roleName="frame", name=name, recursive=False),
                 "the client dialog closed")

    def test_3_preferences(self):
        self.open_main_menu()
        self.menu_item("Preferences").doActionNamed("click")
        prefs = self.frame("Preferences")
        self.check(prefs, "Preferences")
        self.close_frame(prefs, "Preferences")

    def test_4_duplicates_and_merge(self):
        self.open_main_menu()
        self.menu_item("Duplicates…").doActionNamed("click")
        review = self.frame("Duplicates")
        merge = wait_for(lambda: review.findChild(
            lambda n: n.roleName == "push button" and n.name == "Merge…", retry=False,
            requireResult=False), "a pair's Merge… button")
        self.check(review, "Duplicates")
        click(merge)
        dialog = self.frame("Merge Clients")
        self.check(dialog, "the merge dialog")
        click(dialog.child(roleName="push button", name="Cancel"))
        wait_for(lambda: not self.app.isChild(roleName="frame", name="Merge Clients",
                                              recursive=False), "the merge dialog closed")
        click(review.child(roleName="push button", name="Close"))
        wait_for(lambda: not self.app.isChild(roleName="frame", name="Duplicates",
                                              recursive=False), "Duplicates closed")

    def new_window(self, known, what):
        """The window that appeared besides the known ones."""
        return wait_for(lambda: next((w for w in self.app.children
                                      if w.roleName in ("frame", "dialog", "window")
                                      and w not in known), None), what)

    def test_5_shortcuts_and_about(self):
        known = list(self.app.children)
        self.open_main_menu()
        self.menu_item("Keyboard Shortcuts").doActionNamed("click")
        shortcuts = self.new_window(known, "the keyboard shortcuts window")
        self.check(shortcuts, "the keyboard shortcuts")
        rawinput.pressKey("Escape")
        wait_for(lambda: shortcuts not in self.app.children, "the shortcuts window closed")

        known = list(self.app.children)
        self.open_main_menu()
        self.menu_item("About").doActionNamed("click")
        about = self.new_window(known, "the About window")
        self.check(about, f"About ({about.name})")
        rawinput.pressKey("Escape")
        wait_for(lambda: about not in self.app.children, "the About window closed")

    def test_6_outbox(self):
        self.open_main_menu()
        self.menu_item("Outbox").doActionNamed("click")
        outbox = self.frame("Outbox")
        wait_for(lambda: outbox.findChild(
            lambda n: n.roleName == "combo box" and n.name == "Show messages", retry=False,
            requireResult=False), "the Outbox's filter")
        self.check(outbox, "the Outbox window")
        self.close_frame(outbox, "Outbox")

    def test_9_no_badly_named_control(self):
        print("\n".join(f"checked {n:4d} controls in {w}" for w, n in self.checked.items()),
              file=sys.stderr)
        self.assertEqual(self.failures, [], "controls a screen reader cannot name:\n  "
                         + "\n  ".join(self.failures))


if __name__ == "__main__":
    result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
