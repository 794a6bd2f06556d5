#!/usr/bin/python3
"""An SMS gateway with Twilio's request shape on loopback, for the tests.

POST /2010-04-01/Accounts/<sid>/Messages.json with Basic authentication
(<sid>:<token>) and the form fields To, From and Body; answers 201 with JSON
holding the message's "sid", and appends what it received (a JSON line) to
DIR/received. Before each request it reads DIR/mode (missing: "ok"):
  ok      the answer above
  500     500 and a JSON error
  429     429 Too Many Requests
  hang    no answer until the client gives up (each such request is a
          line of DIR/hung)
  refuse  201, but {"status": "failed"} (for a success pattern to reject)
A wrong account or token gets 401 with Twilio's error code 20003, unless
--open says that any account and token (or none) will do: for the tests of
the outbox, which reach the gateway through the file's settings without a
keyring.

It also takes Brevo's shape: POST /v3/transactionalSMS/sms with the header
"api-key: <token>" and a JSON body (sender, recipient, content), answered
201 {"messageId": N}; the JSON received is recorded the same way. The port
it listens on goes to DIR/port once it listens."""

import argparse
import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--account", default="AC0123456789abcdef")
    parser.add_argument("--token", default="twilio-token")
    parser.add_argument("--open", action="store_true")
    args = parser.parse_args()
    counter = {"n": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *unused):
            pass

        def answer(self, status, document):
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def mode(self):
            try:
                with open(os.path.join(args.dir, "mode")) as f:
                    return f.read().strip() or "ok"
            except FileNotFoundError:
                return "ok"

        def authorized(self):
            if args.open:
                return True
            expected = base64.b64encode(("%s:%s" % (args.account, args.token)).encode()).decode()
            return self.headers.get("Authorization", "") == "Basic " + expected

        def record(self, record):
            with lock:
                counter["n"] += 1
                with open(os.path.join(args.dir, "received"), "a") as f:
                    f.write(json.dumps(record) + "\n")
                return counter["n"]

        def brevo(self, raw):
            if self.headers.get("api-key", "") != args.token:
                self.answer(401, {"code": "unauthorized", "message": "Key not found"})
                return
            try:
                document = json.loads(raw)
            except ValueError:
                self.answer(400, {"code": "bad_request", "message": "Invalid JSON"})
                return
            document["content_type"] = self.headers.get("Content-Type", "")
            self.answer(201, {"reference": "ref", "messageId": self.record(document)})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length).decode("utf-8")
            mode = self.mode()
            if mode == "hang":
                # Counted, so that a test sees how many requests waited in vain.
                with lock:
                    with open(os.path.join(args.dir, "hung"), "a") as f:
                        f.write(self.path + "\n")
                time.sleep(120)
                return
            if self.path == "/v3/transactionalSMS/sms":
                self.brevo(raw)
                return
            expected_path = "/2010-04-01/Accounts/%s/Messages.json" % args.account
            if (self.path != expected_path and not args.open) or not self.authorized():
                self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
                return
            if mode in ("500", "429"):
                self.answer(int(mode), {"message": "try later", "status": int(mode)})
                return
            fields = parse_qs(raw, keep_blank_values=True, strict_parsing=True)
            if not all(len(fields.get(name, [])) == 1 for name in ("To", "From", "Body")):
                self.answer(400, {"code": 21604, "message": "A 'To' phone number is required."})
                return
            with lock:
                counter["n"] += 1
                sid = "SM%032d" % counter["n"]
                record = {name: fields[name][0] for name in fields}
                record["content_type"] = self.headers.get("Content-Type", "")
                with open(os.path.join(args.dir, "received"), "a") as f:
                    f.write(json.dumps(record) + "\n")
            status = "failed" if mode == "refuse" else "queued"
            self.answer(201, {"sid": sid, "status": status, "to": record["To"]})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()
