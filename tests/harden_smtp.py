"""A bare SMTP server on loopback that can hang up in the middle of a message.

Plain sockets, so the test decides the exact moment: with `drops` > 0 the server reads the
first bytes of a message after DATA and closes the connection, once per drop. Otherwise it
accepts and keeps each message's Message-ID, so a test can count deliveries per letter.
"""

from __future__ import annotations

import contextlib
import email
import socketserver
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.policy import default
from typing import Any

import pytest


@dataclass
class DroppingServer:
    port: int = 0
    drops: int = 0
    received: Counter[str] = field(default_factory=Counter)
    raw: list[bytes] = field(default_factory=list)
    dropped: int = 0
    refuse_login: bool = False  # offer AUTH, then refuse every password
    resets: int = 0  # clients that went away mid-session (killed)
    lines: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_drop(self) -> bool:
        with self.lock:
            if self.drops <= 0:
                return False
            self.drops -= 1
            self.dropped += 1
            return True

    def keep(self, data: bytes) -> None:
        message = email.message_from_bytes(data, policy=default)
        with self.lock:
            self.raw.append(data)
            self.received[str(message["Message-ID"])] += 1


class _Session(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 test ESMTP")
        state = self.server.state
        while line := self.rfile.readline():
            state.lines.append(line)
            verb = line[:4].upper()
            if verb == b"EHLO" and state.refuse_login:
                self.reply("250-test")
                self.reply("250 AUTH PLAIN LOGIN")
            elif verb == b"AUTH":
                self.reply("535 5.7.8 authentication credentials invalid")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                if not self._data():
                    return
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")

    def _data(self) -> bool:
        state = self.server.state
        if state.take_drop():
            self.rfile.readline()  # the first line of the message, then hang up
            return False
        lines = []
        while (line := self.rfile.readline()) != b".\r\n":
            if not line:  # the client went away mid-message: nothing was delivered
                return False
            lines.append(line[1:] if line.startswith(b"..") else line)
        state.keep(b"".join(lines))
        self.reply("250 accepted")
        return True


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    state: DroppingServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client killed mid-session resets the connection: that is the test, not an error
        (printed, it would land in the output of whatever arl runs in this process next)."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)
            return
        with self.state.lock:
            self.state.resets += 1


@contextlib.contextmanager
def smtp_sink() -> Iterator[DroppingServer]:
    """A server of its own on a free port, for as long as the block runs."""
    server = _Server(("127.0.0.1", 0), _Session)
    server.state = DroppingServer(port=server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def dropping_smtp() -> Iterator[DroppingServer]:
    with smtp_sink() as server:
        yield server
