"""Debian's Kannel on loopback for the tests: bearerbox with a fake SMSC,
smsbox with a sendsms user, and kannel-extras' fakesmsc connected to the
bearerbox, printing each message it receives. Everything runs from the
test's own configuration in a temporary folder, on free ports (never the
packaged init script, which also starts wapbox)."""

import os
import re
import socket
import subprocess
import time
import urllib.parse
import urllib.request

BEARERBOX = "/usr/sbin/bearerbox"
SMSBOX = "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
SMS_USER = "clientele"
SMS_PASSWORD = "kannel-secret"
ADMIN_PASSWORD = "kannel-admin"

CONFIG = """group = core
admin-port = {admin}
admin-interface = 127.0.0.1
admin-password = {admin_password}
smsbox-port = {smsbox}
box-allow-ip = 127.0.0.1
log-level = 1

group = smsc
smsc = fake
smsc-id = fake
port = {fake}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = {sendsms}
sendsms-interface = 127.0.0.1
log-level = 1

group = sendsms-user
username = {user}
password = {password}
max-messages = 10
concatenation = true
"""

MESSAGE = re.compile(r"Got message \d+: <(\S+) (\S+) (text|ucs-2|data) ?(.*)>\s*$")
# One part of a long message: its user data header (concatenation: reference,
# count, sequence), then its bytes, URL-encoded.
PART = re.compile(r"Got message \d+: <(\S+) (\S+) udh (\S+) data (.*)>\s*$")


def available():
    return all(os.access(p, os.X_OK) for p in (BEARERBOX, SMSBOX, FAKESMSC))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(condition, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError("Kannel: %s never happened" % what)


def decode(kind, data):
    """A message's text as fakesmsc printed it: UCS-2 comes URL-encoded
    UTF-16 big-endian (a "+" for each byte 0x20)."""
    if kind == "ucs-2":
        raw = urllib.parse.unquote_to_bytes(data.replace("+", "%20"))
        return raw.decode("utf-16-be")
    if kind == "data":
        return urllib.parse.unquote_to_bytes(data.replace("+", "%20")).decode("latin-1")
    return data


class Kannel:
    def __init__(self, folder):
        self.dir = folder
        self.ports = {name: free_port() for name in ("admin", "smsbox", "fake", "sendsms")}
        self.config = os.path.join(folder, "kannel.conf")
        with open(self.config, "w") as f:
            f.write(CONFIG.format(admin_password=ADMIN_PASSWORD, user=SMS_USER,
                                  password=SMS_PASSWORD, **self.ports))
        self.fakesmsc_log = os.path.join(folder, "fakesmsc.log")
        self.processes = []
        self.start()

    @property
    def sendsms_url(self):
        return "http://127.0.0.1:%d/cgi-bin/sendsms" % self.ports["sendsms"]

    def spawn(self, name, *command):
        log = open(os.path.join(self.dir, name + ".log"), "w")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.dir)
        log.close()
        self.processes.append(process)
        return process

    def status(self):
        url = "http://127.0.0.1:%d/status.txt?password=%s" % (self.ports["admin"], ADMIN_PASSWORD)
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.read().decode()
        except OSError:
            return ""

    def start(self):
        self.spawn("bearerbox", BEARERBOX, self.config)
        wait_for(lambda: listening(self.ports["admin"]), "bearerbox listening")
        # -m 0: fakesmsc sends nothing itself, it only prints what arrives.
        self.spawn("fakesmsc", FAKESMSC, "-H", "127.0.0.1", "-r", str(self.ports["fake"]),
                   "-m", "0", "0 0 text none")
        self.spawn("smsbox", SMSBOX, self.config)
        wait_for(lambda: listening(self.ports["sendsms"]), "smsbox listening")
        # Until both are connected, bearerbox would only queue the messages.
        wait_for(lambda: re.search(r"fake.*online", self.status())
                 and "smsbox:" in self.status(), "fakesmsc and smsbox connected")

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def received(self):
        """Every message fakesmsc got: (from, to, kind, text); a part of a
        long message is (from, to, "udh", (header bytes, data bytes))."""
        messages = []
        with open(self.fakesmsc_log, errors="replace") as f:
            for line in f:
                match = MESSAGE.search(line)
                part = PART.search(line)
                if match:
                    sender, receiver, kind, data = match.groups()
                    messages.append((sender, receiver, kind, decode(kind, data)))
                elif part:
                    sender, receiver, udh, data = part.groups()
                    messages.append((sender, receiver, "udh",
                                     (urllib.parse.unquote_to_bytes(udh),
                                      urllib.parse.unquote_to_bytes(data.replace("+", "%20")))))
        return messages

    def wait_for_messages(self, count, seconds=20):
        wait_for(lambda: len(self.received()) >= count, "%d messages at fakesmsc" % count,
                 seconds)
        return self.received()
