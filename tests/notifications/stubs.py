"""Local servers standing in for the providers: an SMS gateway and an SMTP server."""

import asyncio
import json
import logging
import shutil
import smtplib
import socket
import subprocess
import threading
import time
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from django.core.mail.backends.base import BaseEmailBackend


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GatewayStub:
    """An SMS gateway on a free port: records each JSON request with the moment it
    arrived, and answers with `status` and `answer` (a message id per request)."""

    token = "gateway-token"

    def __init__(self, delay=0.0):
        self.delay = delay  # seconds a real provider takes to answer
        self.requests = []
        self.status = 200
        self.fail_next = 0  # answer that many requests with 503 first
        self.answer = None  # None: {"status": "accepted", "message_id": "gw-N"}
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with stub._lock:
                    stub.requests.append(
                        {
                            "at": time.time(),
                            "body": body,
                            "auth": self.headers.get("Authorization"),
                            "idempotency_key": self.headers.get("Idempotency-Key"),
                        }
                    )
                    number = len(stub.requests)
                    failing = stub.fail_next > 0
                    stub.fail_next -= failing
                time.sleep(stub.delay)
                answer = stub.answer or {
                    "status": "accepted",
                    "message_id": f"gw-{number}",
                }
                data = json.dumps(answer).encode()
                self.send_response(503 if failing else stub.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self._lock:
            self.requests.clear()
        self.status, self.answer, self.fail_next = 200, None, 0

    def references(self):
        with self._lock:
            return [request["body"].get("reference") for request in self.requests]


class _Collector:
    def __init__(self, stub):
        self.stub = stub

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.stub.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.stub.lock:
            self.stub.messages.append(
                {"at": time.time(), "to": envelope.rcpt_tos, "message": message}
            )
        return "250 Message accepted"


class SmtpStub:
    """A real SMTP server (aiosmtpd) on a free port that keeps what it receives."""

    def __init__(self, delay=0.0):
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per command
        self.delay = delay  # seconds a real relay takes to accept a message
        self.messages = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(
            _Collector(self), hostname="127.0.0.1", port=self.port
        )

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()

    def reset(self):
        with self.lock:
            self.messages.clear()

    def references(self):
        with self.lock:
            return [m["message"]["X-Notification-Reference"] for m in self.messages]


class DownSmtpBackend(BaseEmailBackend):
    """An SMTP server that drops the connection: a transient failure."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingSmtpBackend(BaseEmailBackend):
    """An SMTP server that has no such mailbox: a permanent failure."""

    def send_messages(self, email_messages):
        recipients = {
            address: (550, b"5.1.1 No such user")
            for message in email_messages
            for address in message.recipients()
        }
        raise smtplib.SMTPRecipientsRefused(recipients)


class RedisServer:
    """A private, throwaway redis-server on a free port, to kill and restart."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 (a fixed command line)
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            except OSError:
                time.sleep(0.05)
            else:
                return self
        raise RuntimeError("redis-server did not start")

    def kill(self):
        """SIGKILL: whatever Redis held in memory is gone."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
