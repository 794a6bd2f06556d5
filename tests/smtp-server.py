#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (aiosmtpd).

    smtp-server.py --dir DIR [--mode starttls|tls|plain-only] [--user U --password P]

Makes a self-signed certificate for localhost and 127.0.0.1 (DIR/cert.pem), listens on
a free port of 127.0.0.1 and writes it to DIR/port once ready, and keeps every message
exactly as received, one file each, in the maildir DIR/maildir. Modes: starttls requires
STARTTLS before anything else; tls is implicit TLS (smtps); plain-only offers no
encryption at all, to check that a client refuses to send in clear. With --user, AUTH
with that login is required (over TLS). Stops on SIGTERM."""

import argparse
import asyncio
import mailbox
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class KeepRaw:
    """Stores the bytes of each message exactly as they arrived (CRLF line
    endings included, which mailbox.Maildir.add would rewrite), in maildir order:
    written into tmp/, then renamed into new/."""

    def __init__(self, path):
        mailbox.Maildir(path, create=True)
        self.path = path
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = "%d.%d.clientele-test" % (os.getpid(), self.count)
        temporary = os.path.join(self.path, "tmp", name)
        with open(temporary, "wb") as f:
            f.write(envelope.original_content)
        os.rename(temporary, os.path.join(self.path, "new", name))
        return "250 OK"


def make_certificate(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        # handled=False: aiosmtpd answers the client itself (535 on failure),
        # rather than leaving it waiting for a reply.
        return AuthResult(success=ok, handled=False)
    return check


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--mode", choices=["starttls", "tls", "plain-only"], default="starttls")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    context = make_certificate(args.dir)
    options = {}
    if args.mode == "starttls":
        options.update(tls_context=context, require_starttls=True)
    elif args.mode == "tls":
        options.update(ssl_context=context)
    if args.user:
        options.update(authenticator=authenticator(args.user, args.password or ""),
                       auth_required=True,
                       # Implicit TLS is not STARTTLS, which is what aiosmtpd checks.
                       auth_require_tls=args.mode == "starttls")
    port = free_port()
    controller = Controller(KeepRaw(os.path.join(args.dir, "maildir")), hostname="127.0.0.1",
                            port=port, **options)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    stop.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
