"""The one loader for every rules file in ``resources/`` (JSON and TSV).

A drafter's copy in ``POLICYDESK_HOME`` (same relative path) overrides the bundled file.  Files are read once and
cached until they change (path, modification time and size).  A file that does not parse is never replaced by
defaults in silence: :class:`RulesError` (exit 2) names the file and the line, in Chinese.

    load_json("compare.json")                  # → the parsed JSON
    load_json("analysis", "headings.json")
    load_tsv("analysis", "unit_aliases.tsv")   # → [(line number, [cells…]), …] without blank and # lines
    digest([path, …])                          # → a short digest of the files' contents (rules versions)
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from .errors import PolicydeskError
from .paths import resource


class RulesError(PolicydeskError):
    """A rules file in resources/ (or the user's copy of it) cannot be read or does not parse."""
    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message, path=path)
        self.line = line


def rule_path(*parts: str) -> Path:
    """Where a rules file is read from: the user's copy if there is one, else the bundled file."""
    return resource(*parts)


def _advice(path: Path) -> str:
    from .paths import resources_dir
    try:
        bundled = path.resolve().is_relative_to(resources_dir().resolve())
    except OSError:
        bundled = False
    return "请改正该文件。" if bundled else "请改正该文件，或删除这份用户副本以恢复默认规则。"


def _key(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError as e:
        raise RulesError(f"规则文件无法读取：{path}（{e.strerror or e}）。请检查该文件是否存在、是否可读。",
                         path=str(path)) from e
    return str(path), st.st_mtime_ns, st.st_size


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise RulesError(f"规则文件不是 UTF-8 编码：{path}。请用 UTF-8 保存该文件。", path=path) from e
    except OSError as e:
        raise RulesError(f"规则文件无法读取：{path}（{e.strerror or e}）。请检查该文件。", path=path) from e


@lru_cache(maxsize=64)
def _json_cached(path: str, mtime: int, size: int) -> Any:
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise RulesError(f"规则文件格式有误：{path} 第 {e.lineno} 行第 {e.colno} 列（{_json_reason(e.msg)}）。"
                         + _advice(Path(path)), path=path, line=e.lineno) from e


def _json_reason(msg: str) -> str:
    reasons = {"Expecting ',' delimiter": "缺少逗号", "Expecting ':' delimiter": "缺少冒号",
               "Expecting value": "此处应有一个值", "Expecting property name enclosed in double quotes":
               "键名须用英文双引号", "Unterminated string starting at": "字符串缺少结尾的引号",
               "Extra data": "多余的内容", "Invalid control character at": "字符串中有控制字符"}
    for k, v in reasons.items():
        if msg.startswith(k):
            return v
    return msg


def load_json(*parts: str) -> Any:
    """The parsed JSON of a rules file (user copy first); raises :class:`RulesError` when it does not parse."""
    return _json_cached(*_key(rule_path(*parts)))


T = TypeVar("T")
_built: dict[str, tuple[object, Any]] = {}


def built_from_json(name: str, build: Callable[[Any], T], errors: tuple[type[Exception], ...],
                    advice: str = "请改正该文件。") -> T:
    """``build(load_json(name))``, rebuilt only when the file changes; an ``errors`` exception of ``build``
    becomes a :class:`RulesError` naming the file, followed by ``advice``."""
    data = load_json(name)
    hit = _built.get(name)
    if hit is not None and hit[0] is data:
        return hit[1]
    try:
        value = build(data)
    except errors as e:
        path = str(rule_path(name))
        raise RulesError(f"规则文件内容有误：{path}（{e}）。{advice}", path=path) from e
    _built[name] = (data, value)
    return value


@lru_cache(maxsize=32)
def _tsv_cached(path: str, mtime: int, size: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
    rows = []
    for n, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append((n, tuple(c.strip() for c in line.split("\t"))))
    return tuple(rows)


def load_tsv(*parts: str) -> list[tuple[int, list[str]]]:
    """Rows of a TAB-separated rules file: ``(line number, cells)``, blank lines and ``#`` comments left out."""
    return [(n, list(cells)) for n, cells in _tsv_cached(*_key(rule_path(*parts)))]


def tsv_error(path: Path | str, line: int, what: str) -> RulesError:
    """The error for a TSV row that does not fit its table (callers validate their own columns)."""
    return RulesError(f"规则文件第 {line} 行有误：{path}（{what}）。" + _advice(Path(path)), path=str(path), line=line)


def digest(paths: list[Path | str]) -> str:
    """A short digest of the files' contents, e.g. the version of the rules an analysis was made with."""
    h = hashlib.sha256()
    for p in paths:
        try:
            h.update(Path(p).read_bytes())
        except OSError:
            h.update(b"-")
        h.update(b"\0")
    return h.hexdigest()[:16]
