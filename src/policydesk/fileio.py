"""Safe file output shared by every exporter: atomic writes, no silent overwrite, locked-file detection.

* :func:`check_target` refuses, before any work is written: a target open in Word/WPS (their owner file
  ``~$…`` lies beside it), an existing file without ``force``, a folder, a missing or read-only folder.
* :func:`atomic_output` yields a temporary file in the target's folder; only when the caller's block succeeds is it
  flushed to disk and renamed over the target.  On any failure the temporary file is removed and the target is
  untouched.  Every OS error (no space, no permission, file locked on Windows) becomes an
  :class:`~policydesk.errors.OutputError` (exit 4) naming the file and what to do.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .errors import OutputError

# errno values that mean "this output cannot be written" (as opposed to a bug in the caller)
_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def owner_files(path: str | os.PathLike) -> list[Path]:
    """The lock ("owner") files Word, WPS and LibreOffice create beside an open document.

    Word names it ``~$`` + the name with its first two characters removed when the stem has 8 or more characters,
    the first character removed when it has 7, and the whole name for shorter stems; WPS uses ``~$`` + the whole name;
    LibreOffice ``.~lock.`` + the whole name + ``#``.
    """
    p = Path(path)
    name, stem_len = p.name, len(p.stem)
    cands = {"~$" + name, ".~lock." + name + "#"}
    if stem_len >= 8:
        cands.add("~$" + name[2:])
    elif stem_len == 7:
        cands.add("~$" + name[1:])
    return [p.with_name(c) for c in sorted(cands)]


def is_lock_file(path: str | os.PathLike) -> bool:
    """Is this an office program's lock file (Word/WPS ``~$…``, LibreOffice ``.~lock.…#``), not a document?"""
    name = Path(path).name
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def locked_by_office(path: str | os.PathLike) -> Path | None:
    """The owner file showing that ``path`` is open in Word/WPS/LibreOffice, or None."""
    p = Path(path)
    if not p.exists():
        return None
    for lock in owner_files(p):
        if lock.is_file():
            return lock
    return None


def check_target(path: str | os.PathLike, *, force: bool) -> Path:
    """Refuse a target that is locked, a folder, existing without ``force``, or in a missing/read-only folder."""
    p = Path(path)
    try:
        p.exists()                       # a name too long for the file system raises here
    except OSError as e:
        raise _as_output_error(e, p) from e
    if locked_by_office(p) is not None:
        raise OutputError(f"文件正被其他程序（如 Word/WPS/LibreOffice）打开：{p}。请先在该程序中关闭此文件再保存，"
                          f"或换一个文件名。", path=str(p))
    if p.is_dir():
        raise OutputError(f"输出路径是一个文件夹：{p}。请指定一个文件名。", path=str(p))
    if p.exists() and not force:
        raise OutputError(f"输出文件已存在：{p}。如需覆盖，请加 --force，或换一个文件名。", path=str(p))
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"输出目录不存在：{parent}。请先创建该目录或换一个位置。", path=str(p))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"没有权限写入目录：{parent}。请换一个有写权限的位置（如“文档”文件夹）保存。", path=str(p))
    return p


def refuse_input_as_output(outputs: Iterable[str | os.PathLike | None],
                           inputs: Iterable[str | os.PathLike | None]) -> None:
    """An output that is one of the inputs is refused (exit 4) — even with ``--force``: the input would be lost."""
    ins = [Path(i) for i in inputs if i]
    for out in outputs:
        if not out:
            continue
        o = Path(out)
        for i in ins:
            if _same_file(o, i):
                raise OutputError(f"输出文件与输入文件是同一个文件：{o}。即使加了 --force 也不会覆盖输入文件，"
                                  f"请换一个输出文件名。", path=str(o))


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return a.resolve() == b.resolve()
    except OSError:
        return False


@contextmanager
def output_set(paths: Iterable[str | os.PathLike | None]) -> Iterator[None]:
    """All of a command's outputs, or none: when the block fails (an error, no space, Ctrl-C, SIGTERM) the outputs it
    created are removed and the files it replaced (with ``--force``) are put back from a hard-link backup."""
    targets = [Path(p) for p in paths if p]
    existed = {t: t.exists() for t in targets}
    backups: dict[Path, Path] = {}
    for t in targets:
        if existed[t] and t.is_file():
            bak = t.with_name(f".~pd-bak-{os.getpid()}-{t.name}"[:200])
            try:
                bak.unlink(missing_ok=True)
                os.link(t, bak)
                backups[t] = bak
            except OSError:
                pass                      # no hard links here: a replaced file cannot be put back
    try:
        yield
    except BaseException:
        for t in targets:
            try:
                if not existed[t]:
                    t.unlink(missing_ok=True)
                elif t in backups:
                    os.replace(backups.pop(t), t)
            except OSError:
                pass
        raise
    finally:
        for bak in backups.values():
            try:
                bak.unlink(missing_ok=True)
            except OSError:
                pass


def _as_output_error(e: OSError, target: Path) -> OutputError:
    if e.errno == errno.ENAMETOOLONG:
        return OutputError(f"文件名过长：{target}。请换一个短一些的文件名（不超过 80 个汉字）。", path=str(target))
    if e.errno in _NO_SPACE:
        return OutputError(f"磁盘空间不足，未能写入 {target}。请清理磁盘空间后重试，原文件未被改动。", path=str(target))
    if isinstance(e, PermissionError) or e.errno in _NO_PERMISSION:
        return OutputError(f"无法写入 {target}：文件可能正被 Word/WPS 等程序打开，或没有写权限。"
                           f"请关闭该文件后重试，或换一个位置保存。", path=str(target))
    return OutputError(f"未能写入 {target}（{e.strerror or type(e).__name__}）。请检查磁盘或换一个位置保存。",
                       path=str(target))


@contextmanager
def atomic_output(path: str | os.PathLike, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it over the target.

    Nothing is left behind on failure, and the target is never half-written.
    """
    target = check_target(path, force=force)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~pd-", suffix=target.suffix, dir=str(target.parent or "."))
    except OSError as e:
        raise _as_output_error(e, target) from e
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
            _fsync(tmp_path)
        except OSError as e:
            if e.errno in _NO_SPACE or e.errno in _NO_PERMISSION or isinstance(e, PermissionError):
                raise _as_output_error(e, target) from e
            raise
        # the target may have been opened in Word/WPS (or created) while we worked
        if locked_by_office(target) is not None:
            raise OutputError(f"文件正被其他程序（如 Word/WPS）打开：{target}。请先关闭此文件再保存。", path=str(target))
        if target.exists() and not force:
            raise OutputError(f"输出文件已存在：{target}。如需覆盖，请加 --force，或换一个文件名。", path=str(target))
        _set_normal_mode(tmp_path, target)
        try:
            os.replace(tmp_path, target)
        except OSError as e:
            raise _as_output_error(e, target) from e
    finally:
        if tmp_path.exists():
            tmp_path.unlink(missing_ok=True)


def _read_umask() -> int:
    umask = os.umask(0o022)   # read once at import (umask is process-wide; never toggle it while threads run)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _set_normal_mode(tmp: Path, target: Path) -> None:
    """mkstemp creates 0600 files: give the output the mode a normal save would (the old file's, else umask)."""
    if not tmp.exists():
        return
    try:
        if target.exists():
            mode = target.stat().st_mode & 0o777
        else:
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
    except OSError:
        pass


def _fsync(path: Path) -> None:
    """Make sure the bytes are on disk before the rename (a power cut must not leave an empty target)."""
    if not path.exists():
        return
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def write_bytes_atomic(path: str | os.PathLike, data: bytes, *, force: bool = False) -> Path:
    with atomic_output(path, force=force) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text_atomic(path: str | os.PathLike, text: str, *, force: bool = False) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"), force=force)
