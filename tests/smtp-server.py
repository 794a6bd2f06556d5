#!/usr/bin/python3
"""A real SMTP server on loopback for the tests (aiosmtpd).

    smtp-server.py --dir DIR [--mode starttls|tls|plain-only] [--user U --password P]
                   [--refuse mail|rcpt|data=REPLY] [--hang-after-data] [--drop-after-data]
                   [--no-auth-offered]

Makes a self-signed certificate for localhost and 127.0.0.1 (DIR/cert.pem), listens on
a free port of 127.0.0.1 and writes it to DIR/port once ready, and keeps every message
exactly as received, one file each, in the maildir DIR/maildir. Modes: starttls requires
STARTTLS before anything else; tls is implicit TLS (smtps); plain-only offers no
encryption at all, to check that a client refuses to send in clear. With --user, AUTH
with that login is required (over TLS). A misbehaving server, for the tests of
the client's errors: --refuse answers that command (MAIL FROM, RCPT TO, or the
message after its final dot) with REPLY ("451 4.7.1 Try again later");
--hang-after-data never answers the final dot; --drop-after-data keeps the whole
message (it reaches the maildir) and then closes the connection without answering the
final dot, as a server or network that fails at that moment; --no-auth-offered leaves
AUTH out of its EHLO answer. Stops on SIGTERM."""

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


class Misbehave(KeepRaw):
    """KeepRaw with the answers of --refuse, --hang-after-data, --drop-after-data,
    --no-auth-offered."""

    def __init__(self, path, refuse, hang_after_data, no_auth_offered, drop_after_data=False):
        super().__init__(path)
        self.refuse = dict(item.split("=", 1) for item in refuse)
        self.hang_after_data = hang_after_data
        self.no_auth_offered = no_auth_offered
        self.drop_after_data = drop_after_data

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.no_auth_offered:
            return [r for r in responses if not r[4:].startswith("AUTH")]
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if "mail" in self.refuse:
            return self.refuse["mail"]
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "rcpt" in self.refuse:
            return self.refuse["rcpt"]
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hang_after_data:
            await asyncio.sleep(3600)
        if "data" in self.refuse:
            return self.refuse["data"]
        if self.drop_after_data:
            # Delivered, then the line goes dead before the answer: the
            # client cannot know the message went. aiosmtpd cancels this
            # handler once it sees the connection lost.
            await super().handle_DATA(server, session, envelope)
            server.transport.abort()
            await asyncio.sleep(3600)
        return await super().handle_DATA(server, session, envelope)


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
    parser.add_argument("--refuse", action="append", default=[])
    parser.add_argument("--hang-after-data", action="store_true")
    parser.add_argument("--drop-after-data", action="store_true")
    parser.add_argument("--no-auth-offered", action="store_true")
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
    maildir = os.path.join(args.dir, "maildir")
    if args.refuse or args.hang_after_data or args.drop_after_data or args.no_auth_offered:
        handler = Misbehave(maildir, args.refuse, args.hang_after_data, args.no_auth_offered,
                            args.drop_after_data)
    else:
        handler = KeepRaw(maildir)
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
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
