#!/usr/bin/python3
"""Tests of `clientele-cli subscription`: a type added and listed as JSON, a
package sold, used (refused beyond what remains, with a sentence and a
failing exit code), suspended and resumed (the end moved), undone, and the
history and the expiring list as the desk's file holds them."""

import datetime
import json
import os
import subprocess
import tempfile
import unittest

CLI = os.environ.get("CLIENTELE_CLI", "clientele-cli")


class SubscriptionCliTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="clientele-subscriptions-")
        self.tmp = self._tmp.name
        self.env = dict(os.environ)
        self.env.update(LC_ALL="C.UTF-8", LANGUAGE="", LANG="C.UTF-8",
                        XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"),
                        HOME=self.tmp)
        self.database = os.path.join(self.tmp, "clients.db")
        result = self.run_cli("demo", "--clients", "5", "--seed", "3", "--create")
        self.assertEqual(result.returncode, 0, result.stderr)

    def tearDown(self):
        self._tmp.cleanup()

    def run_cli(self, *args):
        return subprocess.run([CLI, *args, "--database", self.database], env=self.env,
                              capture_output=True, text=True, timeout=100)

    def ok(self, *args):
        result = self.run_cli(*args)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_package_round(self):
        type_id = self.ok("subscription", "type", "add", "--name", "Two massages", "--kind",
                          "package", "--sessions", "2", "--price", "9000", "--months", "1",
                          "--services", "Massage, Facial").strip()
        types = json.loads(self.ok("subscription", "type", "list", "--json"))
        self.assertEqual(types[0]["services"], "Massage\nFacial")
        self.assertEqual(types[0]["price_cents"], 9000)
        today = datetime.date.today()
        sub = self.ok("subscription", "sell", "--client", "1", "--type", type_id).strip()
        used = json.loads(self.ok("subscription", "use", "--id", sub, "--json"))
        self.assertEqual(used["remaining"], 1)
        refused = self.run_cli("subscription", "use", "--id", sub, "--amount", "2")
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("Not enough sessions", refused.stderr)
        end = used["end"]
        self.ok("subscription", "suspend", "--id", sub)
        later = (today + datetime.timedelta(days=5)).isoformat()
        resumed = json.loads(self.ok("subscription", "resume", "--id", sub, "--date", later,
                                     "--json"))
        moved = datetime.date.fromisoformat(end) + datetime.timedelta(days=5)
        self.assertEqual(resumed["end"], moved.isoformat())
        undone = json.loads(self.ok("subscription", "undo", "--id", sub, "--json"))
        self.assertEqual(undone["state"], "suspended")
        self.assertEqual(undone["end"], end)
        history = self.ok("subscription", "history", "--id", sub).splitlines()
        self.assertEqual([line.split("\t")[2] for line in history],
                         ["sell", "use", "suspend", "resume"])
        self.assertTrue(history[-1].endswith("undone"))
        self.ok("subscription", "resume", "--id", sub)
        expiring = json.loads(self.ok("subscription", "list", "--expiring-within", "40",
                                      "--json"))
        self.assertEqual([s["id"] for s in expiring], [int(sub)])
        listed = json.loads(self.ok("subscription", "list", "--client", "1", "--json"))
        self.assertEqual(listed[0]["type_name"], "Two massages")
        # Sold: it can only be retired, and a retired type is no longer sold.
        self.ok("subscription", "type", "retire", "--id", type_id)
        again = self.run_cli("subscription", "sell", "--client", "2", "--type", type_id)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("retired", again.stderr)


if __name__ == "__main__":
    unittest.main()
