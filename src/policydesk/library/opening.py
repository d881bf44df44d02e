"""Opening a library file safely: tell locked, damaged, read-only, foreign and future files apart.

Order (issue 16): nothing is written before the file is known to be ours and readable —
missing → created atomically (a temporary file linked into place, so a 0-byte file at the path is
never the library's own); 0 bytes → refused; not an SQLite header → damaged; inspected through a
read-only connection (tables, version, application id) → foreign / future refused untouched;
only then a read-write connection, WAL, and (schema older) a backup and the migration.
Before the first write of a process the file passes ``PRAGMA quick_check``.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..errors import LibraryError
from . import schema

log = logging.getLogger("policydesk.library")

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT = 10.0                  # seconds to wait for another process's lock

# sqlite3 extended error codes reduced to their primary code
_BUSY, _LOCKED, _READONLY, _CANTOPEN, _CORRUPT, _NOTADB, _PERM, _IOERR, _FULL = 5, 6, 8, 14, 11, 26, 3, 10, 13

_checked_lock = threading.Lock()
_checked: set[str] = set()           # files that passed quick_check in this process


def backup_hint(path: Path) -> str:
    from .backup import backup_dir
    d = backup_dir(path)
    try:
        has = d.is_dir() and any(d.glob("*.sqlite3"))
    except OSError:
        has = False
    return f"请从自动备份（{d}）恢复" if has else "请从备份恢复"


# -- the messages ------------------------------------------------------------------------------
def damaged(path: Path, detail: object = "") -> LibraryError:
    extra = f"（{detail}）" if detail else ""
    return LibraryError(f"文档库文件已损坏或不是 policydesk 文档库：{path}{extra}。{backup_hint(path)}，"
                        f"或用 --library 指定另一个文件重新导入。", path=str(path))


def locked(path: Path, waited: float) -> LibraryError:
    return LibraryError(f"文档库 {path} 正被另一个程序占用（已等待 {waited:g} 秒），文件没有损坏。"
                        f"请关闭其他正在使用该文档库的 policydesk 窗口或程序后重试。", path=str(path))


def read_only(path: Path) -> LibraryError:
    return LibraryError(f"文档库 {path} 位于只读位置（或文件只读），只能查看和对照，不能导入、删除或修改。"
                        f"请把它复制到可写的文件夹，或用 --library 指定可写的文档库。", path=str(path))


def foreign(path: Path, what: str = "另一个程序的 SQLite 数据库") -> LibraryError:
    return LibraryError(f"{path} 不是 policydesk 文档库（是{what}），未作任何修改。"
                        f"请用 --library 指定 policydesk 文档库文件。", path=str(path))


def future(path: Path, version: int) -> LibraryError:
    return LibraryError(f"文档库 {path} 由更新版本的 policydesk 创建（格式版本 {version}，本程序支持到 "
                        f"{schema.SCHEMA_VERSION}），未作任何修改。请升级 policydesk 后再打开。", path=str(path))


def empty_file(path: Path) -> LibraryError:
    return LibraryError(f"{path} 是空文件（0 字节），不是 policydesk 文档库，未作任何修改。"
                        f"请删除它，或用 --library 指定另一个文件。", path=str(path))


def unreadable(path: Path, e: object) -> LibraryError:
    return LibraryError(f"无法打开文档库 {path}：{e}。请检查路径和访问权限。", path=str(path))


def classify(path: Path, e: Exception, timeout: float = BUSY_TIMEOUT) -> LibraryError:
    """The user's error for an sqlite3 error on ``path``."""
    code = getattr(e, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(e).lower()
    if primary in (_BUSY, _LOCKED) or "locked" in text or "busy" in text:
        return locked(path, timeout)
    if primary == _READONLY or "readonly" in text or "read-only" in text:
        return read_only(path)
    if primary in (_CANTOPEN, _PERM) or "unable to open" in text:
        return unreadable(path, e)
    if primary == _FULL or "disk is full" in text:
        return LibraryError(f"磁盘空间不足，文档库 {path} 未修改。请清理磁盘后重试。", path=str(path))
    return damaged(path, e)


# -- opening ----------------------------------------------------------------------------------
@dataclass(slots=True)
class Opened:
    conn: sqlite3.Connection
    read_only: bool
    version: int


def _uri(path: Path, **params: str) -> str:
    q = urllib.parse.quote(str(path.resolve()))
    return f"file:{q}?" + "&".join(f"{k}={v}" for k, v in params.items())


def _inspect(conn: sqlite3.Connection) -> tuple[set[str], int | None, int]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")}
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = None
    if "schema_version" in tables:
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        version = int(row[0]) if row and row[0] is not None else None
    return tables, version, app_id


def _writable(path: Path) -> bool:
    try:
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    except OSError:
        return False


def create_new(path: Path, timeout: float) -> None:
    """A new, empty library at ``path``: built in a temporary file, then linked into place."""
    from .backup import stamp_now
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.new{os.getpid()}-{threading.get_ident()}")
    try:
        con = sqlite3.connect(str(tmp), timeout=timeout)
        try:
            con.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            con.execute("PRAGMA journal_mode = WAL")
            with con:
                init_tables(con)
                con.execute("INSERT INTO schema_version(version) VALUES (?)", (schema.SCHEMA_VERSION,))
                con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('created', ?)", (stamp_now(),))
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        for extra in ("-wal", "-shm"):
            p = Path(str(tmp) + extra)
            if p.exists():
                p.unlink()
        try:
            os.link(tmp, path)               # never replaces a file another process created meanwhile
        except FileExistsError:
            pass
        except OSError:                      # file systems without hard links
            if not path.exists():
                os.replace(tmp, path)
    finally:
        if tmp.exists():
            try:
                tmp.unlink()
            except OSError:
                pass


def init_tables(con: sqlite3.Connection) -> bool:
    """Create the tables (inside the caller's transaction); False when FTS5 is missing."""
    stmt = ""
    for line in schema.TABLES.splitlines(keepends=True):
        stmt += line
        if sqlite3.complete_statement(stmt):
            con.execute(stmt)
            stmt = ""
    con.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('generation', '0')")
    try:
        con.execute(schema.GRAMS)
        return True
    except sqlite3.OperationalError:
        return False


def open_library(path: Path, *, create: bool, timeout: float = BUSY_TIMEOUT, want_write: bool = True) -> Opened:
    if not path.exists():
        if not create:
            raise LibraryError(f"文档库不存在：{path}。请先用“policydesk library add”导入文件。", path=str(path))
        try:
            create_new(path, timeout)
        except sqlite3.Error as e:
            raise classify(path, e, timeout) from e
        except OSError as e:
            raise unreadable(path, e.strerror or e) from e
    try:
        if path.is_dir():
            raise unreadable(path, "这是一个文件夹")
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(100)
    except OSError as e:
        raise unreadable(path, e.strerror or e) from e
    if size == 0:
        raise empty_file(path)
    if not head.startswith(SQLITE_HEADER):
        raise damaged(path, "文件头不是 SQLite 数据库")
    writable = want_write and _writable(path)

    # 1. inspect without writing anything
    ro = None
    try:
        try:
            ro = sqlite3.connect(_uri(path, mode="ro"), uri=True, timeout=timeout, check_same_thread=False)
            tables, version, app_id = _inspect(ro)
        except sqlite3.OperationalError as e:
            if ro is not None:
                ro.close()
                ro = None
            code = getattr(e, "sqlite_errorcode", 0) or 0
            if writable or (code & 0xFF) not in (_CANTOPEN, _READONLY):
                raise
            # a WAL library on a read-only medium without its -shm file: nobody can write there
            ro = sqlite3.connect(_uri(path, mode="ro", immutable="1"), uri=True, timeout=timeout,
                                 check_same_thread=False)
            tables, version, app_id = _inspect(ro)
    except sqlite3.Error as e:
        if ro is not None:
            ro.close()
        raise classify(path, e, timeout) from e
    if "schema_version" not in tables or app_id not in (0, schema.APPLICATION_ID):
        ro.close()
        raise foreign(path) if tables else foreign(path, "没有任何表的 SQLite 数据库")
    if version is None:
        ro.close()
        raise damaged(path, "版本表为空")
    if version > schema.SCHEMA_VERSION:
        ro.close()
        raise future(path, version)
    if not writable:
        if version < schema.SCHEMA_VERSION:
            ro.close()
            raise LibraryError(f"文档库 {path} 是旧版格式（版本 {version}），需要升级，但它位于只读位置。"
                               f"请把它复制到可写的文件夹后再打开。", path=str(path))
        _setup(ro, read_only=True)
        return Opened(ro, True, version)
    ro.close()

    # 2. ours, current or older: open for writing
    try:
        rw = sqlite3.connect(str(path), timeout=timeout, check_same_thread=False)
        _setup(rw, read_only=False)
        mode = rw.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            rw.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as e:
        raise classify(path, e, timeout) from e
    if version < schema.SCHEMA_VERSION:
        from .migrate import migrate
        try:
            quick_check(rw, path)
            migrate(rw, path, version)
        except sqlite3.Error as e:
            rw.close()
            raise classify(path, e, timeout) from e
        except BaseException:
            rw.close()
            raise
    return Opened(rw, False, schema.SCHEMA_VERSION)


def _setup(conn: sqlite3.Connection, read_only: bool) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA synchronous = NORMAL")


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """``PRAGMA quick_check`` once per file and process; a damaged file raises before any write."""
    key = os.path.normcase(str(path.resolve()))
    with _checked_lock:
        if key in _checked:
            return
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if not rows or rows[0][0] != "ok":
        detail = "；".join(str(r[0]) for r in rows[:2])
        raise damaged(path, f"完整性检查未通过：{detail}")
    with _checked_lock:
        _checked.add(key)


def forget_checks() -> None:
    """Tests: make the next write check again."""
    with _checked_lock:
        _checked.clear()
