"""Writing a draft's files: the .docx, the ledger .xlsx and the drafting note, each atomically."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from ..fileio import atomic_output, check_target, output_set
from .model import DraftResult


@dataclass(slots=True)
class WrittenFiles:
    draft: Path
    ledger: Path | None = None
    note: Path | None = None
    table: Path | None = None


def default_output_name(result: DraftResult) -> str:
    """``<county>-<plan title>.docx`` with characters Windows forbids removed."""
    title = result.title
    if title.startswith(result.profile.name):
        title = title[len(result.profile.name):]
    name = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "", f"{result.profile.name}-{title}")[:120]
    # at most MAX_NAME_BYTES in UTF-8 (Linux allows 255 bytes, Windows 255 UTF-16 units; a Chinese character is
    # 3 bytes, so 120 characters were 360 bytes): cut at a character boundary
    while len(name.encode("utf-8")) > MAX_NAME_BYTES - len(".docx"):
        name = name[:-1]
    return name.rstrip(".") + ".docx"


MAX_NAME_BYTES = 240          # a default output name, suffix included (file systems allow 255)


def write_outputs(result: DraftResult, draft: str | Path, *, ledger: str | Path | None = None,
                  note: str | Path | None = None, force: bool = False,
                  table: str | Path | None = None) -> WrittenFiles:
    """Write the draft (and optionally the ledger and the note). Checks every target before writing any."""
    from .docx_writer import build_document
    from .ledger import write_ledger_xlsx
    from .note import build_note
    targets = [Path(p) for p in (draft, ledger, note, table) if p]
    if len({t.resolve() for t in targets}) != len(targets):
        raise OutputError("草稿、分工表和起草说明不能写入同一个文件，请分别指定文件名。")
    for t in targets:
        check_target(t, force=force)
    out = WrittenFiles(Path(draft))
    with output_set(targets):          # all files or none (an error, no space, Ctrl-C, SIGTERM)
        doc = build_document(result)
        with atomic_output(draft, force=force) as tmp:
            doc.save(str(tmp))
        if ledger:
            with atomic_output(ledger, force=force) as tmp:
                write_ledger_xlsx(result, tmp)
            out.ledger = Path(ledger)
        if note:
            nd = build_note(result)
            with atomic_output(note, force=force) as tmp:
                nd.save(str(tmp))
            out.note = Path(note)
        if table:
            from .table import write_table
            write_table(result, table, force=force)
            out.table = Path(table)
    return out
