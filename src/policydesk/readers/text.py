"""Plain-text reader: strict decoding, then one paragraph per line — or reflow when the text is hard-wrapped.

Decoding never guesses silently: BOM (UTF-8/UTF-16/UTF-32), strict UTF-8, UTF-16 without BOM (NUL
pattern), strict GB18030, and charset-normalizer only as a last resort with a low-chaos result.  Text
that mixes encodings (part UTF-8, part GBK), contains replacement characters or classic mojibake is
refused with a Chinese message — characters are never replaced.

Text copied or extracted from a PDF (hard line breaks every ~28 characters, blank lines between
lines, page numbers, running headers) is detected and reflowed with :mod:`.reflow` using text-only
cues: the typical full-line width (display width, or character count for text wrapped every N
characters), kept first-line indents (two full-width spaces), numbering at line start, sentence-final
punctuation, annotation brackets, and a per-document estimate of whether a full line ending a
sentence ends its paragraph.  Ordinary text (one paragraph per line) stays one paragraph per line.
Everything is linear in the input size.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..fileio import sha256_file
from ..model import Document, Line, Paragraph, SourceInfo
from . import reflow, safety
from .base import ReadOptions

FORMAT = "txt"

MAX_TEXT_BYTES = safety.MAX_TEXT_BYTES     # the one place the size limit lives
MIN_WRAPPED_LINES = 6                       # fewer content lines than this are never treated as hard-wrapped
WRAP_MIN_WIDTH, WRAP_MAX_WIDTH = 14, 80     # typical full-line width (full-width chars) of hard-wrapped text
WRAP_FULL_SHARE = 0.35                      # share of lines at (or an indent short of) the full width …
WRAP_UNPUNCT_SHARE = 0.5                    # … share of those not ending a sentence …
WRAP_LONGER_SHARE = 0.05                    # … and at most this share of lines longer than the full width
TITLE_MAX_LINES = 3
RUNNING_MIN, RUNNING_MAX_CHARS, RUNNING_NEAR_SHARE = 3, 40, 0.6   # running header/footer lines in copied text
INDENT_MIN_SHARE, INDENT_MAX_SHARE = 0.05, 0.7   # share of lines with a first-line indent when indents are kept
CENTRED_LEAD = 4.0                          # leading white space (characters) of a line centred with spaces

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
# UTF-8 read as Latin-1/cp1252 ("å¸‚æ”¿") and UTF-8 replacement chars saved as GBK ("锟斤拷").
_MOJIBAKE = re.compile(r"[\u00c2-\u00ef][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u20ac\u2122]")
_DATE_LINE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日$")
_CJK_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
Measure = Callable[[str], float]
_CONTINUATION_OPENERS = ("〔", "（", "(", "【", "［", "[")   # a bracket opening the next line continues the paragraph
_TRAILING_PUNCT = re.compile(r"[，、。；：！？,.;:!?…）)〕】》”’」』]$")


def _encoding_error(path: Path | str, why: str) -> InputError:
    return InputError(f"无法可靠识别文本文件的编码（{why}）：{path}。"
                      f"请用记事本或 WPS 打开后“另存为”UTF-8 编码，再重新导入。", path=str(path))


def decode(data: bytes, path: Path | str = "文本") -> tuple[str, str]:
    """(text, encoding name).  Raises InputError for undecodable, mixed or mojibake text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(enc), path), enc + " (BOM)"
            except UnicodeDecodeError as e:
                raise _encoding_error(path, f"带 {enc} 标记但内容不是有效的 {enc}") from e
    try:
        return _checked(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), path), utf16
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _has_utf8_lines(data):
            raise _encoding_error(path, "同一文件中混有 UTF-8 和 GBK/GB18030 两种编码")
        return _checked(text, path), "gb18030"
    if _has_utf8_lines(data):
        raise _encoding_error(path, "部分内容是 UTF-8，其余部分无法解码，可能混有多种编码或文件已损坏")
    return _last_resort(data, path)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def _has_utf8_lines(data: bytes) -> bool:
    """Some line is valid UTF-8 with real Chinese in it (so a non-UTF-8 file is mixed)."""
    for raw in data.splitlines():
        if len(raw) < 6 or raw.isascii():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        non_ascii = sum(1 for ch in line if ord(ch) > 127)
        if len(_CJK_IDEOGRAPH.findall(line)) >= 2 and non_ascii and \
                sum(1 for ch in line if reflow.is_cjk(ch)) * 2 >= non_ascii:
            return True
    return False


def _last_resort(data: bytes, path: Path | str) -> tuple[str, str]:
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:  # the detector must never crash the reader
        best = None
    if best is None or best.encoding is None or best.chaos > 0.1:
        raise _encoding_error(path, "不是 UTF-8、UTF-16 或 GB18030/GBK，且无法确定其编码")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as e:
        raise _encoding_error(path, "无法按检测到的编码严格解码") from e
    return _checked(text, path), best.encoding


def _checked(text: str, path: Path | str) -> str:
    if "\ufffd" in text:
        raise _encoding_error(path, "文件中已含有替换字符“\ufffd”，说明它在之前的转换中已经损坏")
    if "锟斤拷" in text or "烫烫烫" in text:
        raise _encoding_error(path, "文件中含有“锟斤拷”等乱码，说明它在之前的转换中已经损坏")
    bad = len(_BAD_CONTROLS.findall(text[:100_000]))
    if bad > 8:
        raise InputError(f"这不像是文本文件（含有大量控制字符）：{path}。请选择 PDF、DOCX 或 TXT 文件。",
                         path=str(path))
    moji = len(_MOJIBAKE.findall(text[:200_000]))
    if moji >= 10 and not _CJK_IDEOGRAPH.search(text[:200_000]):
        raise _encoding_error(path, "内容像是被错误转码过的乱码（如“å¸‚æ”¿”）")
    return text


# ---------------------------------------------------------------------------------------------- read


def read(path: Path, opts: ReadOptions) -> Document:
    try:
        size = path.stat().st_size
        safety.check_file_size(path, size, MAX_TEXT_BYTES, "文本文件")
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"无法读取文件：{path}（{e.strerror or e}）。请检查文件是否存在、是否有读取权限。",
                         path=str(path)) from e
    opts.report(0, 1, "正在读取文本")
    text, encoding = decode(data, path)
    paragraphs, wrapped = paragraphs_from_text(text)
    warnings: list[str] = []
    if wrapped:
        warnings.append("文本像是从 PDF 复制或导出的（每行固定长度换行），已按段落重新合并，请核对段落划分。")
    if not paragraphs:
        raise InputError(f"文本文件中没有文字：{path}。请确认选对了文件。", path=str(path))
    opts.report(1, 1, "读取完成")
    source = SourceInfo(path=str(path), sha256=sha256_file(path), format=FORMAT, warnings=warnings)
    return Document(source, paragraphs)


def paragraphs_from_text(text: str) -> tuple[list[Paragraph], bool]:
    """Paragraphs of a decoded text, and whether it was reflowed as hard-wrapped text.

    A table pasted from Word (two or more consecutive lines with at least two TABs inside each) gives one
    ``table_row`` paragraph per line, cells joined by TAB, as a DOCX table does."""
    raw_lines = text.splitlines()
    rows = _tab_rows(raw_lines)
    if not rows:
        return _paragraphs_from_lines(raw_lines)
    out: list[Paragraph] = []
    wrapped = False
    segment: list[str] = []
    for i, raw in enumerate(raw_lines + [""]):
        if i in rows or i == len(raw_lines):
            if segment:
                paras, w = _paragraphs_from_lines(segment)
                out += paras
                wrapped = wrapped or w
                segment = []
            if i in rows:
                cells = [reflow.clean_spaces(c) for c in raw.strip(" \u3000\r\n\ufeff").split("\t")]
                out.append(Paragraph(text="\t".join(cells), kind="table_row", lines=[Line(text="\t".join(cells))]))
        else:
            segment.append(raw)
    return out, wrapped


def _tab_rows(raw_lines: list[str]) -> set[int]:
    """Lines of a TAB-separated table: runs (blank lines allowed between) of at least two lines that each
    hold two or more TABs between their first and last characters."""
    def is_row(s: str) -> bool:
        return s.strip().count("\t") >= 2
    rows: set[int] = set()
    run: list[int] = []
    for i, raw in enumerate(raw_lines + ["end"]):
        if not raw.strip() and i < len(raw_lines):
            continue
        if i < len(raw_lines) and is_row(raw):
            run.append(i)
            continue
        if len(run) >= 2:
            rows.update(run)
        run = []
    return rows


def _paragraphs_from_lines(raw_lines: list[str]) -> tuple[list[Paragraph], bool]:
    pages = _pages_from_markers(raw_lines)
    furniture = _running_lines(raw_lines)
    entries = []      # (stripped text, page, blank lines before)
    blanks = 0
    after_page_number = False
    for i, raw in enumerate(raw_lines):
        s = raw.strip()
        if not s:
            blanks += 1
            continue
        if reflow.is_page_number(s, allow_bare=False) or i in furniture:
            after_page_number = True      # blank lines around a page number are no paragraph break
            continue
        entries.append((s, pages[i] if pages else None, 0 if after_page_number else blanks, raw))
        blanks = 0
        after_page_number = False
    full_width, measure = _wrap_measure([e[0] for e in entries])
    if full_width is None:
        return [Paragraph(text=reflow.clean_spaces(s), page=p, end_page=p,
                          lines=[Line(text=s, page=p)]) for s, p, _, _ in entries
                if reflow.clean_spaces(s)], False
    # Blank lines mean paragraph breaks only when they do not separate (almost) every line.
    blank_is_noise = sum(1 for e in entries[1:] if e[2]) > 0.5 * max(1, len(entries) - 1)
    leads = [_lead_width(raw) for _, _, _, raw in entries]
    uses_indent = _uses_indent(leads)
    cues = [reflow.LineCue(text=s, full=_is_full(s, full_width, measure, first=None),
                           indented=(lead >= 1.5) if uses_indent else None,
                           centered=uses_indent and lead >= CENTRED_LEAD,
                           gap_before=bool(b) and not blank_is_noise, page=None)
            for (s, _, b, _), lead in zip(entries, leads)]
    _mark_title_runs(cues, full_width)
    sentence_end_ends = _full_sentence_end_ends_paragraph(cues, full_width, measure)
    groups: list[list[int]] = []
    for i, cur in enumerate(cues):
        # Whether a line is full depends on whether it opens a paragraph (its lost indent), so the
        # grouping is sequential: decide the break before ``cur``, then how full ``cur`` is.
        opens = not groups or reflow.starts_paragraph(cues[i - 1], cur)
        if opens:
            groups.append([i])
        else:
            groups[-1].append(i)
        if not cur.display:
            cur.full = _is_full(cur.text, full_width, measure, first=opens)
            if cur.full and sentence_end_ends and reflow.ends_sentence(cur.text) and (
                    i + 1 == len(cues) or not cues[i + 1].text.startswith(_CONTINUATION_OPENERS)):
                cur.full = False
    paragraphs: list[Paragraph] = []
    for group in groups:
        members = [entries[i] for i in group]
        joined = reflow.join_line_texts([m[0] for m in members])
        if joined:
            paragraphs.append(Paragraph(text=joined, page=members[0][1], end_page=members[-1][1],
                                        lines=[Line(text=m[0], page=m[1]) for m in members]))
    return paragraphs, True


def _lead_width(raw: str) -> float:
    """Leading white space in character widths (full-width space 1, space 0.5, tab 2)."""
    w = 0.0
    for ch in raw:
        if ch == "\u3000":
            w += 1.0
        elif ch == " " or ch == "\u00a0":
            w += 0.5
        elif ch == "\t":
            w += 2.0
        else:
            break
    return w


def _uses_indent(leads: list[float]) -> bool:
    """Does the text keep first-line indents (e.g. two full-width spaces)?  Then an unindented line
    continues a paragraph and an indented one starts one.  A stray leading space here and there does not
    count; neither does indenting every line."""
    indented = sum(1 for lead in leads if lead >= 1.5)
    return indented >= max(2, INDENT_MIN_SHARE * len(leads)) and indented <= INDENT_MAX_SHARE * len(leads)


def _full_sentence_end_ends_paragraph(cues: list[reflow.LineCue], full_width: float, measure: Measure) -> bool:
    """Is a full line that ends a sentence more likely the end of a paragraph than of a sentence inside one?

    The indentation that would tell is lost in plain text, so estimate from the document itself: a
    paragraph's last line and a sentence end inside a paragraph are about equally likely to fall exactly
    at the margin, so compare how many paragraphs visibly end (clearly short lines ending a sentence) with
    how many sentences end inside lines.  Long multi-sentence paragraphs (plans) say "continue"; short
    one- or two-sentence paragraphs (laws, lists) say "end".
    """
    final = reflow.cues().sentence_final
    paragraph_ends = sum(1 for c in cues if measure(c.text) < full_width - 2.75
                         and (reflow.ends_sentence(c.text) or reflow.ends_annotation(c.text)))
    inner = sum(c.text.count(ch, 0, len(c.text) - 1) for c in cues for ch in final)
    return paragraph_ends > inner


def _is_full(s: str, full_width: float, measure: Measure, *, first: bool | None) -> bool:
    """Does the line run on (to the right margin) rather than end its paragraph?

    Widths in plain text are approximate (half-width digits, justification, line-breaking rules move a
    character or two), and a paragraph's first line lost its 2-character indent (``first`` True).  A line
    ending mid-sentence is generous: only a paragraph-final line (which ends with punctuation) or a
    heading/title/signature (short) is short.  A line ending a sentence must be truly full.
    """
    w = measure(s)
    if w >= full_width - 0.75:
        return True
    if s[-1] in "，、,":                       # a paragraph never ends with a comma
        return w >= 0.5 * full_width
    ends = reflow.ends_sentence(s) or reflow.ends_annotation(s)
    if first:
        return w >= full_width - (2.75 if ends else 4.0)
    return not ends and w >= full_width - 4.0


def _wrap_measure(lines: list[str]) -> tuple[float | None, Measure]:
    """The full-line width of hard-wrapped text and how to measure it: display width (text extracted from a
    PDF: half-width digits are narrow) or character count (text wrapped every N characters) — whichever
    puts more lines exactly at the full width."""
    best: tuple[float, float, Measure] | None = None
    for measure in (reflow.display_width, _char_count):
        full = _wrap_width(lines, measure)
        if full is not None:
            at_full = sum(1 for s in lines if abs(measure(s) - full) <= 0.5) / len(lines)
            if best is None or at_full > best[0]:
                best = (at_full, full, measure)
    return (best[1], best[2]) if best else (None, reflow.display_width)


def _char_count(s: str) -> float:
    return float(len(s))


def _wrap_width(lines: list[str], measure: Measure = reflow.display_width) -> float | None:
    """The typical full-line width if the text is hard-wrapped, else None.

    Hard-wrapped text has a dense cluster of lines at one width (first lines of paragraphs, which lost
    their indent, two characters shorter), most of them ending mid-sentence, and almost no line longer
    than that width.  Ordinary one-paragraph-per-line text has lines of every length.
    """
    if len(lines) < MIN_WRAPPED_LINES:
        return None
    widths = [measure(s) for s in lines]
    candidates = [w for w in widths if WRAP_MIN_WIDTH <= w <= WRAP_MAX_WIDTH + 2]
    if len(candidates) < WRAP_FULL_SHARE * len(lines):
        return None
    mode = _mode(candidates)
    # the full width is the upper edge of the cluster (lines ending mid-sentence; first lines are shorter)
    counts: dict[float, int] = {}
    for s, w in zip(lines, widths):
        if abs(w - mode) <= 3 and not _TRAILING_PUNCT.search(s):
            counts[w] = counts.get(w, 0) + 1
    if not counts:
        return None
    top = max(counts.values())
    full = max(w for w, c in counts.items() if c >= 0.25 * top)
    if full < WRAP_MIN_WIDTH:
        return None
    near = [s for s, w in zip(lines, widths) if full - 2.75 <= w <= full + 1.5]
    if len(near) < WRAP_FULL_SHARE * len(lines):
        return None
    if sum(1 for w in widths if w > full + 2) > WRAP_LONGER_SHARE * len(lines):
        return None
    unpunct = sum(1 for s in near if not reflow.ends_sentence(s))
    if unpunct < WRAP_UNPUNCT_SHARE * len(near):
        return None
    return full


def _mode(values: list[float]) -> float:
    """The width with the most lines within ±1 (widths are in half-character steps)."""
    counts: dict[float, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best, best_n = values[0], -1
    for v in counts:
        n = counts.get(v - 1, 0) + counts.get(v - 0.5, 0) + counts[v] + counts.get(v + 0.5, 0) + counts.get(v + 1, 0)
        if n > best_n or (n == best_n and v > best):
            best, best_n = v, n
    return best


def _mark_title_runs(cues: list[reflow.LineCue], full_width: float) -> None:
    """A title broken over 2–3 short lines (no punctuation, last ends with a title word) is one display run."""
    def titleish(c: reflow.LineCue) -> bool:
        s = c.text
        return (not c.full and not _TRAILING_PUNCT.search(s) and not reflow.numbering_level(s)[0]
                and not _DATE_LINE.match(s) and not reflow.is_page_number(s))

    i = 0
    n = len(cues)
    while i < n:
        c = cues[i]
        if titleish(c) and reflow.title_word_ending(c.text) and i > 0:
            start = i
            while start > 0 and i - start + 1 < TITLE_MAX_LINES and titleish(cues[start - 1]) \
                    and not reflow.title_word_ending(cues[start - 1].text) and not cues[start].gap_before:
                start -= 1
            if start < i:
                for k in range(start, i + 1):
                    cues[k].display = True
                    cues[k].centered = True
                    cues[k].size = 0.0
        i += 1


def _running_lines(raw_lines: list[str]) -> set[int]:
    """Indices of running headers/footers copied with the text: a short line repeated (digits ignored) at
    least RUNNING_MIN times, mostly next to a page break (a page-number line or a form feed)."""
    content = [i for i, raw in enumerate(raw_lines) if raw.strip()]
    breaks = {k for k, i in enumerate(content)
              if reflow.is_page_number(raw_lines[i].strip(), allow_bare=False) or "\f" in raw_lines[i]}
    if not breaks:
        return set()
    by_key: dict[str, list[int]] = {}
    for k, i in enumerate(content):
        s = raw_lines[i].strip()
        if k not in breaks and len(s) <= RUNNING_MAX_CHARS:
            by_key.setdefault(re.sub(r"\d+", "#", s), []).append(k)
    out: set[int] = set()
    for ks in by_key.values():
        if len(ks) < RUNNING_MIN or len(ks) > len(breaks) + 1:     # at most once per page
            continue
        near = [k for k in ks if any(b in breaks for b in (k - 2, k - 1, k + 1, k + 2))]
        if len(near) >= RUNNING_NEAR_SHARE * len(ks):
            out.update(content[k] for k in near)
    return out


def _pages_from_markers(raw_lines: list[str]) -> list[int | None] | None:
    """Page of every line from page-number lines ("— 3 —" ends page 3), when the markers increase."""
    marks = []
    for i, raw in enumerate(raw_lines):
        s = raw.strip()
        if s and reflow.is_page_number(s, allow_bare=False):
            num = re.search(r"\d+", s)
            if num:
                marks.append((i, int(num.group())))
    # Only a complete, consecutive sequence starting at 1 says reliably where each page ends.
    if not marks or marks[0][1] != 1 or any(b[1] != a[1] + 1 for a, b in zip(marks, marks[1:])):
        return None
    pages: list[int | None] = []
    k = 0
    for i in range(len(raw_lines)):
        while k < len(marks) and marks[k][0] < i:
            k += 1
        pages.append(marks[k][1] if k < len(marks) else marks[-1][1] + 1)
    return pages
