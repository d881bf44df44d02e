"""Rolling backups of a library: the last three good copies, made with the SQLite backup API.

A copy is made before a schema change and, when the newest copy is older than a day, before the
first write of a process (after the integrity check passed, so every copy is a good one).  Copies
live in ``NAME-backups/`` beside the library; restoring is copying one back over the library.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger("policydesk.library")

KEEP = 3
DAILY = 24 * 3600


def stamp_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def backup_dir(path: Path) -> Path:
    return path.with_name(path.name + "-backups")


def backups(path: Path) -> list[Path]:
    """Existing copies, oldest first."""
    d = backup_dir(path)
    try:
        return sorted(d.glob("*.sqlite3"), key=lambda p: (p.stat().st_mtime, p.name))
    except OSError:
        return []


def due(path: Path, now: float | None = None) -> bool:
    found = backups(path)
    if not found:
        return True
    try:
        return (now or time.time()) - found[-1].stat().st_mtime >= DAILY
    except OSError:
        return True


def make_backup(conn: sqlite3.Connection, path: Path, reason: str) -> Path:
    """Copy the library (a consistent snapshot, even while others write) and keep the newest ``KEEP``."""
    d = backup_dir(path)
    d.mkdir(exist_ok=True)
    name = f"{path.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}-{reason}.sqlite3"
    dest = d / name
    n = 1
    while dest.exists():
        n += 1
        dest = d / f"{path.stem}-{datetime.now().strftime('%Y%m%d-%H%M%S')}-{reason}-{n}.sqlite3"
    tmp = dest.with_name(dest.name + ".part")
    dst = sqlite3.connect(str(tmp))
    try:
        conn.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
    finally:
        dst.close()
    os.replace(tmp, dest)
    for old in backups(path)[:-KEEP]:
        try:
            old.unlink()
        except OSError as e:
            log.warning("could not remove old backup %s: %s", old, e)
    log.info("library backup %s (%s)", dest, reason)
    return dest
