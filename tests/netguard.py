"""Disable the network inside a test and record every attempt (used by test_offline.py and test_ocr.py).

Python-level guard: ``socket.socket.connect``/``connect_ex``/``sendto``, ``socket.create_connection`` and name
resolution (``getaddrinfo``/``gethostbyname``) raise ``OSError`` and are recorded.  Creating a socket is allowed
(local socketpairs are not network access); using one to reach anything is not.
"""

from __future__ import annotations

import socket
from contextlib import contextmanager
from typing import Iterator


class NetworkAttempt(OSError):
    pass


@contextmanager
def no_network(monkeypatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def refuse(what: str):
        def blocked(*args, **kwargs):
            target = next((a for a in args if not isinstance(a, socket.socket)), None)
            attempts.append(f"{what} {target!r}")
            raise NetworkAttempt(f"network access attempted in an offline test: {what} {target!r}")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("gethostbyname"))
    yield attempts
