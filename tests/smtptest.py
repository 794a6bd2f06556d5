"""A real SMTP server on loopback for the Python tests: tests/smtp-server.py
(aiosmtpd) in a folder of its own, with its port, certificate and maildir."""

import email
import email.policy
import mailbox
import os
import signal
import subprocess
import tempfile
import time
import unittest

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smtp-server.py")
SMTP_USER, SMTP_PASSWORD = "desk", "smtp-Secret-42"


class SmtpServer:
    """tests/smtp-server.py in a folder of its own."""

    def __init__(self, root, mode="starttls", auth=True, behaviour=(), extra=()):
        """@behaviour, @extra: more options of smtp-server.py, e.g.
        ["--drop-after-data"] or ["--refuse", "rcpt=550 5.1.1 No such user"]."""
        self.dir = tempfile.mkdtemp(prefix="smtp-", dir=root)
        args = ["/usr/bin/python3", SERVER, "--dir", self.dir, "--mode", mode, *behaviour, *extra]
        if auth:
            args += ["--user", SMTP_USER, "--password", SMTP_PASSWORD]
        self.log = open(os.path.join(self.dir, "server.log"), "wb")
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.log)
        port_file = os.path.join(self.dir, "port")
        deadline = time.monotonic() + 30
        # The server renames the file into place once it listens.
        while not os.path.exists(port_file):
            if self.process.poll() is not None or time.monotonic() > deadline:
                with open(os.path.join(self.dir, "server.log")) as log:
                    raise RuntimeError("SMTP server did not start: " + log.read())
            time.sleep(0.05)
        with open(port_file) as f:
            self.port = int(f.read())
        self.cert = os.path.join(self.dir, "cert.pem")

    def messages(self):
        box = mailbox.Maildir(os.path.join(self.dir, "maildir"), create=True)
        return [email.message_from_bytes(bytes(m), policy=email.policy.default)
                for m in box]

    def raw_messages(self):
        """The bytes of each message kept, as received."""
        folder = os.path.join(self.dir, "maildir", "new")
        if not os.path.isdir(folder):
            return []
        result = []
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                result.append(f.read())
        return result

    def connections(self):
        try:
            with open(os.path.join(self.dir, "connections")) as f:
                return int(f.read())
        except FileNotFoundError:
            return 0

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class MailTestCase(unittest.TestCase):
    """A scratch folder with a client file, the mail server's password in a
    file (for --smtp-password-file), a private home and XDG folders, and the
    SMTP servers started by the test stopped after it."""

    prefix = "clientele-mail-"

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix=self.prefix)
        self.tmp = self._tmp.name
        self.db = os.path.join(self.tmp, "clients.clientele")
        self.password_file = os.path.join(self.tmp, "smtp-password")
        with open(self.password_file, "w") as f:
            f.write(SMTP_PASSWORD + "\n")
        self.env = dict(os.environ)
        self.env.update(LC_ALL="C.UTF-8", LANGUAGE="", LANG="C.UTF-8",
                        XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, "config"), HOME=self.tmp)
        self.servers = []

    def tearDown(self):
        for server in self.servers:
            server.stop()
        self._tmp.cleanup()
