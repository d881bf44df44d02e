"""Legacy Word reader: Word 97-2003 ``.doc`` (and ``.wps`` files saved in the same binary format) in pure Python.

An OLE2 compound file (olefile) holding a ``WordDocument`` stream: its FIB gives the flags (encrypted?), the main
text's length (``ccpText``), and where in the table stream (``0Table``/``1Table``) the piece table (``Clx``) and the
paragraph properties (``PlcBtePapx``) are.  The piece table maps character positions to bytes (8-bit cp1252 or
UTF-16LE pieces); paragraph marks (``\\r``) end paragraphs, cell marks (``\\x07``) end table cells, and the paragraph
properties' "table row end" flag (``sprmPFTtp``) tells a row's end mark from a cell's, so a table comes out as
``table_row`` paragraphs with cells joined by TAB — the same shape as from a DOCX.  Fields keep their shown result
(not the instruction); pictures, footnote marks and other object anchors are dropped.  Headers, footers, footnotes
and text boxes (stored after the main text) are not read.

Other OLE2 files are refused with what they are: an encrypted Word file, Excel/PowerPoint, Microsoft Works or an old
WPS format (save as .docx).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, PasswordRequiredError
from ..fileio import sha256_file
from ..model import Document, Paragraph, SourceInfo
from . import reflow
from .base import ReadOptions

FORMAT = "doc"

MAX_TEXT_CHARS = 20_000_000        # the main text of one document (a 500-page report has ~1 million)
MAX_PIECES = 1_000_000
FIB_FLAGS = 0x0A
F_ENCRYPTED = 0x0100
F_WHICH_TABLE = 0x0200
F_OBFUSCATED = 0x8000
WORD_IDENT = 0xA5EC
SPRM_IN_TABLE = 0x2416
SPRM_TTP = 0x2417
SPRM_INNER_TTP = 0x244C
SPRM_ITAP = 0x6649
SPRM_JC = (0x2403, 0x2461)
FKP_SIZE = 512


def read(path: Path, opts: ReadOptions) -> Document:
    import olefile
    opts.report(0, 1, "正在读取 Word 97-2003 文档")
    try:
        ole = olefile.OleFileIO(str(path))
    except (OSError, ValueError, struct.error, IndexError) as e:
        raise _damaged(path) from e
    try:
        streams = {"/".join(s) for s in ole.listdir(streams=True, storages=False)}
        _refuse_other_ole(path, streams)
        word = ole.openstream("WordDocument").read()
        if len(word) >= 12 and struct.unpack_from("<H", word, FIB_FLAGS)[0] & (F_ENCRYPTED | F_OBFUSCATED):
            # only the FIB's first 68 bytes are in clear; everything after them is encrypted
            raise PasswordRequiredError(f"Word 文档已设置打开密码（加密）：{path}。本软件不能读取加密的 .doc 文件，"
                                        f"请在 Word/WPS 中输入密码打开后，取消密码并另存为 .docx，再导入。", path=str(path))
        fib = _fib(word, path)
        table_name = "1Table" if fib.flags & F_WHICH_TABLE else "0Table"
        if table_name not in streams:
            raise _damaged(path)
        table = ole.openstream(table_name).read()
    except (OSError, ValueError, struct.error, IndexError) as e:
        raise _damaged(path) from e
    finally:
        ole.close()
    try:
        pieces = _pieces(table, fib, path)
        chars = _main_text(word, pieces, fib.ccp_text)
        papx = _PapxIndex(word, table, fib)
        paragraphs = _paragraphs(chars, papx)
    except (struct.error, IndexError, ValueError) as e:
        raise _damaged(path) from e
    opts.report(1, 1, "读取完成")
    if not paragraphs:
        raise InputError(f"Word 文档中没有文字：{path}。请确认选对了文件。", path=str(path))
    source = SourceInfo(path=str(path), sha256=sha256_file(path), format=FORMAT)
    return Document(source, paragraphs)


def _damaged(path: Path) -> InputError:
    return InputError(f"Word 97-2003 文件已损坏，无法读取：{path}。请在 Word/WPS 中打开并另存为 .docx 后重试。",
                      path=str(path))


def _refuse_other_ole(path: Path, streams: set[str]) -> None:
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise PasswordRequiredError(f"Word 文档已设置打开密码（加密）：{path}。请在 Word/WPS 中输入密码打开后，"
                                    f"取消密码并另存为 .docx，再导入。", path=str(path))
    if "WordDocument" in streams:
        return
    if "Workbook" in streams or "Book" in streams:
        kind = "Excel 表格（.xls）"
    elif "PowerPoint Document" in streams:
        kind = "PowerPoint 演示文稿（.ppt）"
    elif "MatOST" in streams or "CONTENTS" in streams:
        kind = "Microsoft Works 文档"
    else:
        kind = "早期 WPS 格式或其他 Office 二进制文件"
    raise InputError(f"这是{kind}，不是 Word 文档：{path}。请在 WPS/Word 中打开并另存为 .docx 或 PDF 后再导入。",
                     path=str(path))


# ---------------------------------------------------------------------------------------------- FIB and pieces


@dataclass(slots=True)
class _Fib:
    flags: int
    ccp_text: int
    fc_clx: int
    lcb_clx: int
    fc_bte_papx: int
    lcb_bte_papx: int


def _fib(word: bytes, path: Path) -> _Fib:
    if len(word) < 0x200:
        raise _damaged(path)
    ident, _nfib = struct.unpack_from("<HH", word, 0)
    if ident != WORD_IDENT:
        raise InputError(f"这不是 Word 97-2003 文档（可能是更早的 Word 6/95 或 WPS 格式）：{path}。"
                         f"请在 Word/WPS 中打开并另存为 .docx 后再导入。", path=str(path))
    flags = struct.unpack_from("<H", word, FIB_FLAGS)[0]
    pos = 32
    csw = struct.unpack_from("<H", word, pos)[0]
    pos += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, pos)[0]
    lw = struct.unpack_from(f"<{cslw}i", word, pos + 2)
    pos += 2 + 4 * cslw
    cb_fc_lcb = struct.unpack_from("<H", word, pos)[0]
    fc_lcb = struct.unpack_from(f"<{2 * cb_fc_lcb}I", word, pos + 2)
    if cslw < 4 or cb_fc_lcb < 34:
        raise _damaged(path)
    return _Fib(flags=flags, ccp_text=lw[3], fc_clx=fc_lcb[66], lcb_clx=fc_lcb[67],
                fc_bte_papx=fc_lcb[26], lcb_bte_papx=fc_lcb[27])


@dataclass(slots=True)
class _Piece:
    cp: int            # first character position
    cp_end: int
    fc: int            # byte offset in the WordDocument stream
    compressed: bool   # 8-bit characters (cp1252) instead of UTF-16LE


def _pieces(table: bytes, fib: _Fib, path: Path) -> list[_Piece]:
    clx = table[fib.fc_clx:fib.fc_clx + fib.lcb_clx]
    i = 0
    while i < len(clx) and clx[i] == 0x01:                       # Prc: property modifiers, skipped
        cb = struct.unpack_from("<h", clx, i + 1)[0]
        i += 3 + max(cb, 0)
    if i >= len(clx) or clx[i] != 0x02:
        raise _damaged(path)
    lcb = struct.unpack_from("<I", clx, i + 1)[0]
    plc = clx[i + 5:i + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0 or n > MAX_PIECES:
        raise _damaged(path)
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    pieces = []
    for k in range(n):
        _flags, fc_raw, _prm = struct.unpack_from("<HIH", plc, 4 * (n + 1) + 8 * k)
        compressed = bool(fc_raw & 0x40000000)
        fc = fc_raw & 0x3FFFFFFF
        pieces.append(_Piece(cps[k], cps[k + 1], fc // 2 if compressed else fc, compressed))
    return pieces


def _main_text(word: bytes, pieces: list[_Piece], ccp_text: int) -> list[tuple[str, int]]:
    """Characters of the main text with the byte offset (FC) of each."""
    out: list[tuple[str, int]] = []
    limit = min(max(ccp_text, 0), MAX_TEXT_CHARS)
    for p in pieces:
        if p.cp >= limit:
            break
        count = min(p.cp_end, limit) - p.cp
        if p.compressed:
            raw = word[p.fc:p.fc + count]
            text = raw.decode("cp1252", errors="replace")
            out.extend((ch, p.fc + k) for k, ch in enumerate(text))
        else:
            raw = word[p.fc:p.fc + 2 * count]
            text = raw.decode("utf-16-le", errors="replace")
            out.extend((ch, p.fc + 2 * k) for k, ch in enumerate(text))
    return out


# ---------------------------------------------------------------------------------------------- paragraph properties


class _PapxIndex:
    """Paragraph properties by the byte offset of a paragraph's text: in a table? a row's end? alignment?"""

    def __init__(self, word: bytes, table: bytes, fib: _Fib):
        self.runs: list[tuple[int, int, bytes]] = []        # (fc start, fc end, grpprl)
        plc = table[fib.fc_bte_papx:fib.fc_bte_papx + fib.lcb_bte_papx]
        n = (len(plc) - 4) // 8
        if n <= 0:
            return
        pns = struct.unpack_from(f"<{n}I", plc, 4 * (n + 1))
        for pn in pns:
            page = word[(pn & 0x3FFFFF) * FKP_SIZE:(pn & 0x3FFFFF) * FKP_SIZE + FKP_SIZE]
            if len(page) < FKP_SIZE:
                continue
            crun = page[FKP_SIZE - 1]
            fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
            for k in range(crun):
                b_offset = page[4 * (crun + 1) + 13 * k] * 2
                if not b_offset:
                    self.runs.append((fcs[k], fcs[k + 1], b""))
                    continue
                cb = page[b_offset]
                if cb:
                    data = page[b_offset + 1:b_offset + 1 + 2 * cb - 1]
                else:
                    cb2 = page[b_offset + 1]
                    data = page[b_offset + 2:b_offset + 2 + 2 * cb2]
                self.runs.append((fcs[k], fcs[k + 1], data[2:]))      # skip the style index (istd)
        self.runs.sort()
        self._starts = [r[0] for r in self.runs]

    def sprms(self, fc: int) -> dict[int, bytes]:
        import bisect
        if not self.runs:
            return {}
        i = bisect.bisect_right(self._starts, fc) - 1
        if i < 0 or not (self.runs[i][0] <= fc < self.runs[i][1]):
            return {}
        return _parse_sprms(self.runs[i][2])


def _parse_sprms(grpprl: bytes) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    i = 0
    while i + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, i)[0]
        i += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        else:                                   # variable length
            if sprm in (0xD608, 0xC615):        # sprmTDefTable, sprmPChgTabs: 2-byte length
                if i + 2 > len(grpprl):
                    break
                size = struct.unpack_from("<H", grpprl, i)[0] - (0 if sprm == 0xD608 else 1)
                i += 2 if sprm == 0xD608 else 1
            else:
                if i >= len(grpprl):
                    break
                size = grpprl[i]
                i += 1
        out[sprm] = grpprl[i:i + size]
        i += size
    return out


# ---------------------------------------------------------------------------------------------- text → paragraphs

_DROP = {"\x01", "\x02", "\x03", "\x04", "\x05", "\x08", "\x1f", "\ufffd", "\x00"}
_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
_ALIGN = {0: "left", 1: "center", 2: "right", 3: "left"}


def _paragraphs(chars: list[tuple[str, int]], papx: _PapxIndex) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    buf: list[str] = []
    cells: list[str] = []
    field_stack: list[bool] = []        # per open field: True while in its instruction part
    for ch, fc in chars:
        if ch == _FIELD_BEGIN:
            field_stack.append(True)
            continue
        if ch == _FIELD_SEP:
            if field_stack:
                field_stack[-1] = False
            continue
        if ch == _FIELD_END:
            if field_stack:
                field_stack.pop()
            continue
        if any(field_stack):
            continue                    # a field instruction (HYPERLINK "…", PAGE …) is not text
        if ch == "\x07":
            sprms = papx.sprms(fc)
            if _flag(sprms, SPRM_TTP) or _flag(sprms, SPRM_INNER_TTP):
                if cells or buf:
                    paragraphs.append(_row(cells))
                cells, buf = [], []
            else:
                cells.append(_clean("".join(buf)))
                buf = []
            continue
        if ch == "\r":
            sprms = papx.sprms(fc)
            if _flag(sprms, SPRM_IN_TABLE) or sprms.get(SPRM_ITAP, b"\0")[:1] not in (b"\0", b""):
                buf.append("\n")        # a paragraph inside a cell
                continue
            text = _clean("".join(buf))
            buf = []
            if text:
                jc = next((sprms[s][0] for s in SPRM_JC if sprms.get(s)), None)
                paragraphs.append(Paragraph(text=text, align=_ALIGN.get(jc) if jc is not None else None))
            continue
        if ch == "\x0b":
            continue                    # a manual line break inside a paragraph (a title on two lines)
        if ch == "\x0c":               # page/section break: ends the paragraph
            text = _clean("".join(buf))
            buf = []
            if text:
                paragraphs.append(Paragraph(text=text))
            continue
        if ch in _DROP:
            continue
        if ch == "\x1e":
            ch = "-"
        buf.append(ch)
    text = _clean("".join(buf))
    if cells:
        paragraphs.append(_row(cells + ([text] if text else [])))
    elif text:
        paragraphs.append(Paragraph(text=text))
    return paragraphs


def _flag(sprms: dict[int, bytes], sprm: int) -> bool:
    v = sprms.get(sprm)
    return bool(v) and v[0] != 0


def _row(cells: list[str]) -> Paragraph:
    # a merged cell repeats nothing in .doc (its continuation cells are empty)
    return Paragraph(text="\t".join(c.replace("\n", "") for c in cells), kind="table_row")


_CTRL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _clean(text: str) -> str:
    text = _CTRL.sub("", text.replace("\xa0", " ").replace("\t", " "))
    return reflow.collapse_spaces(text)

