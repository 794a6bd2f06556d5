#!/usr/bin/python3
"""Online bookings end to end through the real clientele-cli (issue 19): the
matching rules on a table of clients built to be hard (a family sharing an
email, a phone shared by a household, namesakes, a near match), completion
that never overwrites and its undo, idempotency by booking id, the "prevent
online booking" block at every entry point (add, cancel, move, check, the
spool folder, portal verify through a real SMTP server), bad input refused
with nothing stored, the spool folder with a crash between store and
rename, and a booking waiting for the desk's write lock."""

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import unittest

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from smtptest import MailTestCase, SmtpServer, SMTP_USER  # noqa: E402

# The client file of every test: (first, last, email, mobile, birth_date, city).
CLIENTS = [
    ("Hélène", "Martin", "helene.martin@example.fr", "06 12 34 56 78", "1985-03-14", "Lyon"),
    ("Paul", "Martin", "famille.martin@example.fr", "06 11 11 11 11", "", "Lyon"),
    ("Sophie", "Martin", "famille.martin@example.fr", "", "", "Lyon"),
    ("Jean", "Dupont", "jean.dupont@example.fr", "06 22 22 22 22", "1970-01-01", "Paris"),
    ("Jean", "Dupont", "jean.dupont@other.fr", "06 33 33 33 33", "1990-05-05", "Nantes"),
    ("Marc", "Lefèvre", "marc.lefevre@example.fr", "06 44 44 44 44", "", "Lille"),
    ("Camille", "Bernard", "camille.bernard@example.fr", "06 55 55 55 55", "1992-07-01", "Paris"),
]
HELENE, PAUL, SOPHIE, JEAN_1, JEAN_2, MARC, CAMILLE = range(1, 8)


def booking(booking_id, first, last, email="", mobile="", **extra):
    person = {"first_name": first, "last_name": last, "email": email, "mobile": mobile,
              "language": "fr"}
    person.update(extra.pop("person", {}))
    document = {
        "booking_id": booking_id,
        "person": person,
        "consents": extra.pop("consents", []),
        "appointment": {"start": "2026-12-05T14:30:00+01:00", "duration": 45,
                        "service": "Coupe", "staff": "Anna", "price_cents": 4500,
                        "note": "online"},
    }
    document.update(extra)
    return document


class BookingTestCase(MailTestCase):
    prefix = "clientele-booking-"

    def setUp(self):
        super().setUp()
        self.cli_ok("config", "set", "business.country", "FR")
        csv = os.path.join(self.tmp, "clients.csv")
        with open(csv, "w") as f:
            f.write("first_name,last_name,email,mobile,birth_date,city\n")
            for row in CLIENTS:
                f.write(",".join(row) + "\n")
        self.cli_ok("import", csv)
        self.assertEqual(self.query("SELECT count(*) FROM clients")[0][0], len(CLIENTS))
        self.execute("UPDATE clients SET prevent_online_booking = 1 WHERE id = ?", MARC)

    # ---- Helpers ----

    def cli(self, *args, stdin=None):
        return subprocess.run([CLI, *args, "--database", self.db, "--create"], env=self.env,
                              input=stdin, capture_output=True, timeout=120)

    def cli_ok(self, *args):
        result = self.cli(*args)
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        return result

    def run_json(self, *args, stdin=None):
        result = self.cli(*args, stdin=stdin)
        answer = json.loads(result.stdout.decode())
        return result.returncode, answer

    def add(self, document):
        text = document if isinstance(document, (str, bytes)) else json.dumps(document)
        return self.run_json("booking", "add",
                             stdin=text.encode() if isinstance(text, str) else text)

    def query(self, sql, *params):
        with sqlite3.connect(self.db) as db:
            return db.execute(sql, params).fetchall()

    def execute(self, sql, *params):
        db = sqlite3.connect(self.db)
        db.execute(sql, params)
        db.commit()
        db.close()

    def counts(self):
        return self.query("SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM"
                          " appointments), (SELECT count(*) FROM bookings),"
                          " (SELECT count(*) FROM consent_history)")[0]

    def client(self, client_id):
        rows = self.query("SELECT first_name, last_name, email, mobile, birth_date, street,"
                          " city FROM clients WHERE id = ?", client_id)
        return rows[0] if rows else None

    # ---- Matching ----

    def test_matching_table(self):
        cases = [
            # (why, booking, outcome, client it is for: an id, or None for a new one)
            ("exact email, agreeing name (case, accents)",
             booking("m1", "Helene", "MARTIN", email="Helene.Martin@Example.fr"),
             "matched", HELENE),
            ("family email, another first name: someone else",
             booking("m2", "Luc", "Martin", email="famille.martin@example.fr"),
             "created", None),
            ("family email, the first name of one of them",
             booking("m3", "Sophie", "Martin", email="famille.martin@example.fr"),
             "matched", SOPHIE),
            ("mobile only, in E.164",
             booking("m4", "Paul", "Martin", mobile="+33 6 11 11 11 11"),
             "matched", PAUL),
            ("the household's mobile, another first name",
             booking("m5", "Emma", "Martin", mobile="+33611111111"),
             "created", None),
            ("a namesake with contacts of their own: a new client",
             booking("m6", "Jean", "Dupont", email="jean.d@nouveau.fr", mobile="+33699999999"),
             "created", None),
            ("of two namesakes, the one with the email",
             booking("m7", "Jean", "Dupont", email="jean.dupont@example.fr",
                     person={"birth_date": "1970-01-01"}),
             "matched", JEAN_1),
            ("same email but another birth date: not them",
             booking("m8", "Jean", "Dupont", email="jean.dupont@other.fr",
                     person={"birth_date": "1971-02-02"}),
             None, None),
            ("a near match (a typo in the family name, the same mobile)",
             booking("m9", "Camille", "Bernhard", mobile="+33655555555"),
             "needs-review", None),
            ("no match at all",
             booking("m10", "Zoé", "Nouvelle", email="zoe@nouvelle.fr"),
             "created", None),
        ]
        for why, document, outcome, expected in cases:
            with self.subTest(why):
                before = self.counts()
                code, answer = self.add(document)
                self.assertEqual(code, 0, answer)
                if outcome is not None:
                    self.assertEqual(answer["outcome"], outcome)
                if expected is not None:
                    self.assertEqual(answer["client_id"], expected)
                    self.assertEqual(self.counts()[0], before[0])
                else:
                    self.assertGreater(answer["client_id"], len(CLIENTS))
                    self.assertEqual(self.counts()[0], before[0] + 1)
                self.assertEqual(self.counts()[1], before[1] + 1)
                appointment = self.query("SELECT client_id, start, duration, service, status"
                                         " FROM appointments WHERE id = ?",
                                         answer["appointment_id"])
                self.assertEqual(appointment, [(answer["client_id"], 1796477400, 45, "Coupe",
                                                "booked")])
        # The new client of the near match is proposed beside Camille.
        review = self.query("SELECT client_id, review_id FROM bookings WHERE booking_id = 'm9'")
        self.assertEqual(review[0][1], CAMILLE)
        result = self.cli_ok("duplicates")
        line = [l for l in result.stdout.decode().splitlines()
                if l.startswith("%d,%d," % (CAMILLE, review[0][0]))]
        self.assertEqual(len(line), 1, result.stdout)
        self.assertIn("booked online", line[0])
        # The new client from the form has the booking's details and language.
        new = self.query("SELECT first_name, last_name, email, language FROM clients"
                         " WHERE email = 'zoe@nouvelle.fr'")
        self.assertEqual(new, [("Zoé", "Nouvelle", "zoe@nouvelle.fr", "fr")])

    def test_completion_never_overwrites_and_undoes(self):
        document = booking("c1", "Hélène", "Martin", email="helene.martin@example.fr",
                           mobile="+33 6 98 76 54 32",
                           person={"birth_date": "1985-03-14",
                                   "address": {"street": "3 rue des Lilas", "city": "Villeurbanne"}})
        code, answer = self.add(document)
        self.assertEqual(code, 0, answer)
        self.assertEqual(answer["client_id"], HELENE)
        self.assertEqual(answer["outcome"], "completed")
        self.assertEqual(answer["completed"], ["street"])
        self.assertEqual(sorted(d["field"] for d in answer["differences"]), ["city", "mobile"])
        mobile = [d for d in answer["differences"] if d["field"] == "mobile"][0]
        self.assertEqual(mobile, {"field": "mobile", "file": "06 12 34 56 78",
                                  "booking": "+33 6 98 76 54 32"})
        self.assertEqual(self.client(HELENE),
                         ("Hélène", "Martin", "helene.martin@example.fr", "06 12 34 56 78",
                          "1985-03-14", "3 rue des Lilas", "Lyon"))
        stored = self.query("SELECT differences FROM bookings WHERE booking_id = 'c1'")[0][0]
        self.assertEqual(len(json.loads(stored)), 2)
        # In the merge history, as a merge without a dropped client.
        merges = self.query("SELECT id, kept_id, dropped_id, undone FROM merges")
        self.assertEqual([m[1:] for m in merges], [(HELENE, 0, 0)])

        code, answer = self.run_json("booking", "undo-completion", "c1")
        self.assertEqual((code, answer["restored"]), (0, ["street"]))
        self.assertEqual(answer["merge_id"], merges[0][0])
        self.assertEqual(self.client(HELENE)[5], "")
        self.assertEqual(self.client(HELENE)[3], "06 12 34 56 78")
        self.assertEqual(self.query("SELECT undone FROM merges"), [(1,)])
        # The booking itself stays: its appointment and its consents.
        self.assertEqual(self.query("SELECT count(*) FROM bookings"), [(1,)])
        code, answer = self.run_json("booking", "undo-completion", "c1")
        self.assertEqual(code, 2, answer)

    def test_undo_keeps_a_detail_changed_at_the_desk(self):
        code, answer = self.add(booking("c2", "Hélène", "Martin", email="helene.martin@example.fr",
                                        person={"address": {"street": "3 rue des Lilas"}}))
        self.assertEqual(answer["completed"], ["street"])
        self.execute("UPDATE clients SET street = '5 rue Neuve' WHERE id = ?", HELENE)
        code, answer = self.run_json("booking", "undo-completion", "c2")
        self.assertEqual((code, answer["restored"]), (0, []))
        self.assertEqual(self.client(HELENE)[5], "5 rue Neuve")

    def test_consents_from_the_form(self):
        text = "J’accepte de recevoir les offres du salon par SMS."
        code, answer = self.add(booking("k1", "Zoé", "Nouvelle", email="zoe@nouvelle.fr",
                                        consents=[{"purpose": "promotions", "text": text}]))
        self.assertEqual(code, 0, answer)
        history = self.query("SELECT purpose, old, new, source FROM consent_history"
                             " WHERE client_id = ?", answer["client_id"])
        self.assertEqual(history, [("promotions", 0, 1, "online-booking")])
        consents = json.loads(self.query("SELECT consents FROM bookings")[0][0])
        self.assertEqual(consents[0]["text"], text)
        self.assertEqual(self.query("SELECT consent_promotions FROM clients WHERE id = ?",
                                    answer["client_id"]), [(1,)])
        result = self.cli_ok("consent", "history", "--client", str(answer["client_id"]))
        self.assertIn("\tonline-booking\n", result.stdout.decode())

    def test_idempotent(self):
        document = booking("i1", "Zoé", "Nouvelle", email="zoe@nouvelle.fr")
        code, first = self.add(document)
        self.assertEqual(code, 0)
        before = self.counts()
        code, second = self.add(document)
        self.assertEqual((code, second), (0, first))
        self.assertEqual(self.counts(), before)
        # The same id with other content still answers what was done.
        document["person"]["first_name"] = "Autre"
        code, third = self.add(document)
        self.assertEqual((code, third), (0, first))
        self.assertEqual(self.counts(), before)

    # ---- Cancel and move ----

    def test_cancel_and_move(self):
        code, answer = self.add(booking("x1", "Paul", "Martin", mobile="+33611111111"))
        appointment = answer["appointment_id"]
        code, moved = self.run_json("booking", "move", "x1", "--start",
                                    "2026-12-06T09:00:00+01:00", "--duration", "60")
        self.assertEqual(code, 0, moved)
        self.assertEqual(self.query("SELECT start, duration FROM appointments WHERE id = ?",
                                    appointment), [(1796544000, 60)])
        code, problem = self.run_json("booking", "move", "x1", "--start", "2026-12-06T09:00:00")
        self.assertEqual((code, problem["field"]), (2, "start"))
        code, cancelled = self.run_json("booking", "cancel", "x1")
        self.assertEqual((code, cancelled["state"]), (0, "cancelled"))
        self.assertEqual(self.query("SELECT status FROM appointments WHERE id = ?", appointment),
                         [("cancelled",)])
        code, problem = self.run_json("booking", "move", "x1", "--start",
                                      "2026-12-07T09:00:00+01:00")
        self.assertEqual(code, 2, problem)
        code, problem = self.run_json("booking", "cancel", "unknown-id")
        self.assertEqual((code, problem["field"]), (2, "booking_id"))

    # ---- The block, at every entry point ----

    def test_blocked_everywhere(self):
        before = self.counts()
        for document in [booking("b1", "Marc", "Lefèvre", email="marc.lefevre@example.fr"),
                         booking("b2", "Marc", "Lefevre", mobile="+33644444444"),
                         # Another name on the blocked client's mobile.
                         booking("b3", "Marcel", "Dubois", mobile="+33 6 44 44 44 44")]:
            code, answer = self.add(document)
            self.assertEqual((code, answer["status"]), (4, "blocked"), answer)
            self.assertIn("call", answer["reason"])
        self.assertEqual(self.counts(), before)

        self.assertEqual(self.run_json("booking", "check", "--mobile", "+33644444444")[0], 4)
        self.assertEqual(self.run_json("booking", "check", "--mobile", "06 44 44 44 44")[0], 4)
        self.assertEqual(self.run_json("booking", "check", "--email",
                                       "Marc.Lefevre@example.fr")[0], 4)
        code, answer = self.run_json("booking", "check", "--mobile", "+33612345678")
        self.assertEqual((code, answer["known"]), (0, True))
        code, answer = self.run_json("booking", "check", "--email", "nobody@example.fr")
        self.assertEqual((code, answer["known"]), (0, False))
        self.assertEqual(self.run_json("booking", "check")[0], 2)

        # Blocked after booking: cancel and move are refused too.
        code, answer = self.add(booking("b4", "Paul", "Martin", mobile="+33611111111"))
        self.assertEqual(code, 0)
        self.execute("UPDATE clients SET prevent_online_booking = 1 WHERE id = ?", PAUL)
        self.assertEqual(self.run_json("booking", "cancel", "b4")[0], 4)
        self.assertEqual(self.run_json("booking", "move", "b4", "--start",
                                       "2026-12-06T09:00:00+01:00")[0], 4)
        self.assertEqual(self.query("SELECT status FROM appointments WHERE id = ?",
                                    answer["appointment_id"]), [("booked",)])

        # The spool folder refuses it, with the reason beside the file.
        spool = self.spool({"20261204-b5.json": booking("b5", "Marc", "Lefèvre",
                                                        email="marc.lefevre@example.fr")})
        code, answer = self.run_json("booking", "import-spool", "--dir", spool)
        self.assertEqual((code, answer["refused"]), (0, 1))
        self.assertEqual(os.listdir(os.path.join(spool, "new")), [])
        with open(os.path.join(spool, "failed", "20261204-b5.json.error")) as f:
            self.assertIn("blocked", f.read())

    def test_portal_verify_blocked(self):
        server = SmtpServer(self.tmp)
        self.servers.append(server)
        for key, value in [("sender.address", "desk@salon.example"), ("smtp.host", "127.0.0.1"),
                           ("smtp.port", str(server.port)), ("smtp.security", "starttls"),
                           ("smtp.username", SMTP_USER), ("smtp.ca-file", server.cert)]:
            self.cli_ok("config", "set", key, value)
        result = self.cli("portal", "create", "--client", str(MARC),
                          "--smtp-password-file", self.password_file)
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        body = server.messages()[0].get_body(preferencelist=("plain",)).get_content()
        password = re.search(r"^(?:Password|Mot de passe|Passwort) ?: (\S+)$", body, re.M)[1]
        verify = self.cli("portal", "verify", "marc.lefevre@example.fr",
                          stdin=(password + "\n").encode())
        self.assertEqual((verify.returncode, verify.stdout.decode()), (4, "blocked\n"))
        # A wrong password is refused as ever: "blocked" tells nothing without it.
        verify = self.cli("portal", "verify", "marc.lefevre@example.fr", stdin=b"wrong\n")
        self.assertEqual((verify.returncode, verify.stdout.decode()), (1, "refused\n"))
        self.execute("UPDATE clients SET prevent_online_booking = 0 WHERE id = ?", MARC)
        verify = self.cli("portal", "verify", "marc.lefevre@example.fr",
                          stdin=(password + "\n").encode())
        self.assertEqual(verify.returncode, 0, verify.stdout)

    # ---- Bad input ----

    def test_bad_input_stores_nothing(self):
        good = booking("bad", "Zoé", "Nouvelle", email="zoe@nouvelle.fr")
        no_offset = json.loads(json.dumps(good))
        no_offset["appointment"]["start"] = "2026-12-05T14:30:00"
        no_name = json.loads(json.dumps(good))
        del no_name["person"]["first_name"]
        crlf = json.loads(json.dumps(good))
        crlf["person"]["email"] = "zoe@nouvelle.fr\r\nBcc: all@example.fr"
        big = json.loads(json.dumps(good))
        big["appointment"]["note"] = "x" * (10 * 1024 * 1024)
        bad_consent = json.loads(json.dumps(good))
        bad_consent["consents"] = [{"purpose": "promotions"}]
        cases = [
            ("malformed JSON", '{"booking_id": "bad", "person": {', None),
            ("not an object", "[1, 2]", None),
            ("trailing garbage", json.dumps(good) + " {}", None),
            ("missing first name", no_name, "person.first_name"),
            ("a start without its offset", no_offset, "appointment.start"),
            ("CR/LF in the email", crlf, "person.email"),
            ("a 10 MB document", big, None),
            ("a consent without its text", bad_consent, "consents[0].text"),
            ("a bad mobile", booking("bad", "Zoé", "Nouvelle", mobile="06 12"), "person.mobile"),
            ("no way to reach them", booking("bad", "Zoé", "Nouvelle"), "person.email"),
        ]
        before = self.counts()
        for why, document, field in cases:
            with self.subTest(why):
                code, answer = self.add(document)
                self.assertEqual((code, answer["status"]), (2, "invalid"), answer)
                self.assertTrue(answer["reason"])
                if field is not None:
                    self.assertEqual(answer["field"], field)
                self.assertEqual(self.counts(), before)

    def test_unknown_fields_are_warnings(self):
        document = booking("u1", "Zoé", "Nouvelle", email="zoe@nouvelle.fr",
                           person={"nickname": "Zozo"}, channel="widget")
        code, answer = self.add(document)
        self.assertEqual(code, 0, answer)
        self.assertEqual(sorted(answer["warnings"]),
                         ["Unknown field ignored: channel",
                          "Unknown field ignored: person.nickname"])

    # ---- The spool folder ----

    def spool(self, files):
        spool = os.path.join(self.tmp, "spool")
        for name in ("tmp", "new"):
            os.makedirs(os.path.join(spool, name), exist_ok=True)
        for name, document in files.items():
            text = document if isinstance(document, str) else json.dumps(document)
            # As a portal does: written in tmp/, renamed into new/.
            with open(os.path.join(spool, "tmp", name), "w") as f:
                f.write(text)
            os.rename(os.path.join(spool, "tmp", name), os.path.join(spool, "new", name))
        return spool

    def test_spool(self):
        stored_before = booking("s3", "Paul", "Martin", mobile="+33611111111")
        spool = self.spool({
            "1-s1.json": booking("s1", "Zoé", "Nouvelle", email="zoe@nouvelle.fr"),
            "2-s2.json": '{"booking_id": "s2", ',
            "3-s3.json": stored_before,
        })
        # A file being written stays in tmp/, unread.
        with open(os.path.join(spool, "tmp", "4-s4.json"), "w") as f:
            f.write(json.dumps(booking("s4", "Léa", "Petit", email="lea@petit.fr")))
        # The crash: s3 was stored, the process died before its rename.
        self.assertEqual(self.add(stored_before)[0], 0)
        before = self.counts()

        code, answer = self.run_json("booking", "import-spool", "--dir", spool)
        self.assertEqual(code, 0, answer)
        self.assertEqual((answer["stored"], answer["refused"], answer["left"]), (2, 1, 0))
        self.assertEqual(sorted(os.listdir(os.path.join(spool, "cur"))),
                         ["1-s1.json", "3-s3.json"])
        self.assertEqual(sorted(os.listdir(os.path.join(spool, "failed"))),
                         ["2-s2.json", "2-s2.json.error"])
        self.assertEqual(os.listdir(os.path.join(spool, "new")), [])
        self.assertEqual(os.listdir(os.path.join(spool, "tmp")), ["4-s4.json"])
        # s1 stored once, s3 not twice.
        self.assertEqual(self.counts()[1], before[1] + 1)
        self.assertEqual(self.query("SELECT count(*) FROM bookings WHERE booking_id = 's3'"),
                         [(1,)])
        with open(os.path.join(spool, "failed", "2-s2.json.error")) as f:
            self.assertIn("invalid", f.read())

        # Read again: nothing left to read, nothing stored.
        after = self.counts()
        code, answer = self.run_json("booking", "import-spool", "--dir", spool)
        self.assertEqual((code, answer["stored"], answer["files"]), (0, 0, []))
        self.assertEqual(self.counts(), after)

    def test_spool_setting(self):
        result = self.cli("config", "set", "booking.spool-folder", "relative/folder")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("full path", result.stderr.decode() + result.stdout.decode())
        folder = os.path.join(self.tmp, "spool")
        self.cli_ok("config", "set", "booking.spool-folder", folder)
        self.assertEqual(self.cli_ok("config", "get", "booking.spool-folder").stdout.decode(),
                         folder + "\n")

    # ---- The desk's lock ----

    def test_waits_for_the_desks_write(self):
        desk = sqlite3.connect(self.db, isolation_level=None, check_same_thread=False)
        desk.execute("BEGIN IMMEDIATE")
        desk.execute("UPDATE clients SET notes = 'saved at the desk' WHERE id = ?", (HELENE,))
        released = threading.Timer(1.5, lambda: desk.execute("COMMIT"))
        released.start()
        started = time.monotonic()
        code, answer = self.add(booking("w1", "Hélène", "Martin",
                                        email="helene.martin@example.fr",
                                        person={"address": {"street": "3 rue des Lilas"}}))
        released.join()
        desk.close()
        self.assertEqual(code, 0, answer)
        self.assertGreaterEqual(time.monotonic() - started, 1.0)
        self.assertEqual(self.query("SELECT notes, street FROM clients WHERE id = ?", HELENE),
                         [("saved at the desk", "3 rue des Lilas")])


if __name__ == "__main__":
    unittest.main(verbosity=2)
