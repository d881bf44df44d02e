"""Safe file output shared by every exporter: atomic writes, no silent overwrite, locked-file detection."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import OutputError


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_target(path: str | os.PathLike, *, force: bool) -> Path:
    """Refuse to overwrite an existing file unless ``force``; refuse a file locked by Word/WPS."""
    p = Path(path)
    if p.exists() and not force:
        raise OutputError(f"输出文件已存在：{p}。如需覆盖，请加 --force，或换一个文件名。", path=str(p))
    lock = p.with_name("~$" + p.name[2:] if len(p.name) > 2 else "~$" + p.name)
    # Word/WPS keep an owner file "~$<name minus first two chars>" beside an open document.
    if p.exists() and (lock.exists() or p.with_name("~$" + p.name).exists()):
        raise OutputError(f"文件正被其他程序（如 Word/WPS）打开：{p}。请先关闭该文件再保存。", path=str(p))
    if not p.parent.exists():
        raise OutputError(f"输出目录不存在：{p.parent}。请先创建该目录或换一个位置。", path=str(p))
    return p


@contextmanager
def atomic_output(path: str | os.PathLike, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it over the target.

    Nothing is left behind on failure, and the target is never half-written.
    """
    target = check_target(path, force=force)
    fd, tmp = tempfile.mkstemp(prefix=".~pd-", suffix=target.suffix, dir=str(target.parent))
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, target)
        except PermissionError as e:
            raise OutputError(f"无法写入 {target}：文件可能正被 Word/WPS 等程序打开或没有写权限。请关闭后重试。",
                              path=str(target)) from e
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise OutputError(f"磁盘空间不足，未能写入 {target}。请清理空间后重试。", path=str(target)) from e
            raise OutputError(f"未能写入 {target}：{e.strerror}。", path=str(target)) from e
    finally:
        if tmp_path.exists():
            tmp_path.unlink(missing_ok=True)


def write_bytes_atomic(path: str | os.PathLike, data: bytes, *, force: bool = False) -> Path:
    with atomic_output(path, force=force) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text_atomic(path: str | os.PathLike, text: str, *, force: bool = False) -> Path:
    return write_bytes_atomic(path, text.encode("utf-8"), force=force)
