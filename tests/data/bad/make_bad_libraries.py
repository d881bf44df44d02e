"""Generators of library files a user may point policydesk at (issue 16, library items).

Each function writes one file into ``folder`` and returns its path:
a foreign SQLite database, a library from a future version, a library damaged in the middle,
a 0-byte file, random bytes.  ``hold_lock`` keeps a library locked by another connection.
The schema-1 library with control characters in its rows is a file: ``tests/data/library/v1-library.sqlite3``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def foreign_sqlite(folder: Path) -> Path:
    p = folder / "另一个程序.sqlite3"
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE contacts(name TEXT, phone TEXT)")
    con.execute("INSERT INTO contacts VALUES ('张三', '123')")
    con.commit()
    con.close()
    return p


def future_library(folder: Path) -> Path:
    from policydesk.library import Library
    p = folder / "新版本文档库.sqlite3"
    Library(p).close()
    con = sqlite3.connect(p)
    con.execute("UPDATE schema_version SET version = 99")
    con.execute("CREATE TABLE something_new(x)")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")      # as a future version might leave it
    con.close()
    return p


def damaged_in_the_middle(folder: Path, sources: list[Path]) -> Path:
    """A library with documents whose pages in the middle were overwritten (the header is intact)."""
    from policydesk.library import Library
    p = folder / "中间损坏.sqlite3"
    with Library(p) as lib:
        for s in sources:
            lib.add(s)
        lib._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = p.stat().st_size
    page = 4096
    with open(p, "r+b") as f:
        for k in range(2, size // page - 1, 3):
            f.seek(k * page)
            f.write(os.urandom(page))
    return p


def zero_bytes(folder: Path) -> Path:
    p = folder / "空的.sqlite3"
    p.write_bytes(b"")
    return p


def random_bytes(folder: Path) -> Path:
    p = folder / "随机内容.sqlite3"
    p.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    return p


def hold_lock(path: Path) -> sqlite3.Connection:
    """Another program holding the library: an exclusive lock until the connection is closed."""
    con = sqlite3.connect(path, timeout=0.1)
    con.execute("PRAGMA locking_mode = EXCLUSIVE")
    con.execute("BEGIN EXCLUSIVE")
    con.execute("UPDATE meta SET value = value WHERE key = 'generation'")
    return con
