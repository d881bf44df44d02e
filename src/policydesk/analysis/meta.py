"""Front matter of a 公文: title, 文号, 主送, signature, date, publicity note, the plan a notice issues,
and the documents it cites.  Also assigns each paragraph its role (see docs: ``paragraphs[].role``).

Layouts handled: a 印发/转发 notice followed by the plan it issues (the notice's own lines are not
part of the plan's outline), a bare document (意见, 批复, 函) with its signature at the end and
attachments after it, and laws/regulations (title, revision-date lines, 目录, 第X章/第X条).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .normalize import cn_digits_to_int, cn_to_int, match_form, no_space

_CN_NUM = "〇零一二三四五六七八九十"
DOCNUM_RE = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12})\s*(?:〔\s*(?P<y1>(?:19|20)\d{2})\s*〕|（\s*(?P<y2>(?:19|20)\d{2})\s*）|【\s*(?P<y3>(?:19|20)\d{2})\s*】)"
    r"\s*第?\s*(?P<n>\d{1,4})\s*号")
_PREFIX_CUT = re.compile(r"^.*(?:根据|按照|依照|依据|参照|参考|贯彻落实|贯彻|落实|执行|印发|转发|批转|以及|详见|文件|精神|号文)")
_PREFIX_LEAD = re.compile(r"^[要和及与的了是即见或在对将按经由并]+")
DATE_RE = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}|[{_CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,2}})\s*月\s*(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日")
_DATE_LINE_RE = re.compile(rf"^(?P<issuer>.{{0,40}}?)\s*{DATE_RE.pattern}$")
_PUBLICITY_RE = re.compile(r"^（(?P<note>此件[^）]{1,20})）$")
_OTHER_NOTE_RE = re.compile(r"^（(?:本文有删减|此页无正文|此文有删减|[^）]{0,10}删减[^）]{0,6}|(?:联系人|联系电话|联系方式)[^（）]*)）$")
# a contact note and the publicity note on one line: （联系人：…，联系电话：…）（此件公开发布）
_CONTACT_START_RE = re.compile(r"^（(?:联系人|联系电话|联系方式)")
_CONTACT_PUBLICITY_RE = re.compile(r"^（(?:联系人|联系电话|联系方式)[^（）]*）（(?P<note>此件[^）]{1,20})）$")
# a title line that carries its own 文号 in brackets: …的通知（岳办发〔2017〕2号）
_TITLE_DOCNUM_RE = re.compile(r"^(?P<title>.+?)[（(](?P<num>[^（）()]{2,20}〔(?:19|20)[0-9]{2}〕[0-9]{1,4}号)[）)]$")
_ATTACH_RE = re.compile(r"^附\s*件\s*(?P<n>[0-9一二三四五六七八九十]*)\s*(?:[：:].*)?$")
_ATTACH_ITEM_RE = re.compile(r"^[0-9]{1,2}[.、．][^。；！？]{2,80}$")
_ATTACH_HEAD_RE = re.compile(r"^附\s*件\s*(?P<n>[0-9一二三四五六七八九十]*)$")
_IMPRINT_RE = re.compile(r"^(?:(?:抄送|抄报|分送|发送)：.{2,}|.{2,40}(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年.{1,6}日印发|"
                         r"(?:共印|印数).{0,10}份)$")
_HEADER_RE = re.compile(r"^(?:.{2,30}(?:文件|公报|通报|明电|电报|公文稿纸|公文处理单|便函)|(?:明电|公文稿纸|便函)|份号.*|密级.*|"
                        r".{0,4}(?:特急|加急|特提|平急).{0,4}|签发人.*|(?:发电单位|签批盖章|等级|明电编号).*)$")
# a plan's own title after a notice (方案, 计划, 要点 …) — the document a 函 or notice carries
_PLAN_TITLE_END_RE = re.compile(r"(?:方案|计划|要点|措施|意见|办法|规划|细则|清单|分工|任务|规定|指引|指南|纲要|若干政策)"
                                r"(?:（[^（）]{0,20}）)?$")
_PLAN_WORDS_RE = re.compile(r"《[^《》]{2,120}》|方案|计划|要点")
_ISSUING_RE = re.compile(r"印发|转发|批转|颁布|发布")
_ISSUE_PHRASE_RE = re.compile(r"(?:现|特)(?:将|把)?.{0,40}?(?:印发|转发|批转)给你们|(?:印发|转发|批转)给你们|(?:予以|现)分解(?:印发|下达)")
_TITLE_END_RE = re.compile(r"(?:通知|意见|方案|决定|办法|规定|批复|复函|函|报告|规划|纲要|细则|条例|法|通报|公告|请示|措施|计划|"
                           r"要点|指引|指南|规则|章程|标准|若干政策)$")
_QUOTE_RE = re.compile(r"《([^《》]{2,120})》")
_SENTENCE_PUNCT = "。；！？"
_TO_BE_DRAFTED_RE = re.compile(r"(?<!已)(?:编制|制定|制订|起草)$")


@dataclass
class FrontMatter:
    roles: list[str]
    meta: dict[str, Any]
    body_start: int               # first paragraph where the (plan's) outline may start
    body_end: int                 # end of the main text (exclusive); attachments after it
    attachments: list[tuple[int, str]] = field(default_factory=list)   # (start paragraph, number as printed)
    is_law: bool = False
    warnings: list[tuple[int, str, str]] = field(default_factory=list)  # (paragraph, text, why): doc_number repairs
    outline: bool = True          # False: a notice issuing a document that is not in the text — its own
                                  # numbered paragraphs are requirements (notice_body), not an outline


def parse_date(text: str) -> str | None:
    """``2021年6月3日`` / ``二〇二一年六月三日`` → ``2021-06-03``; None when not a valid date."""
    m = DATE_RE.search(match_form(text))
    if not m:
        return None
    y = int(m.group("y")) if m.group("y").isdigit() else cn_digits_to_int(m.group("y"))
    mo = cn_to_int(m.group("m"))
    d = cn_to_int(m.group("d"))
    if not y or not mo or not d or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def normalize_doc_number(m: re.Match[str]) -> str:
    raw = m.group("prefix")
    prefix = _PREFIX_CUT.sub("", raw) or raw
    if len(prefix) > 4:
        prefix = _PREFIX_LEAD.sub("", prefix) or prefix
    prefix = prefix[-6:]
    year = m.group("y1") or m.group("y2") or m.group("y3")
    return f"{prefix}〔{year}〕{int(m.group('n'))}号"


def find_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    """Every 文号 in ``text`` as ``(start, end, normalised)``."""
    form = match_form(text)
    return [(m.start(), m.end(), normalize_doc_number(m)) for m in DOCNUM_RE.finditer(form)]


_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "〇": "0", "○": "0", "l": "1", "I": "1", "|": "1", "丨": "1",
                             "S": "5", "B": "8", "Z": "2"})
_DOCNUM_SHAPE_RE = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{1,12})\s*[〔（【\[(<«]\s*(?P<y>[0-9OolI|丨〇○SBZ]{4})\s*[〕）】\])>»]"
                              r"\s*第?\s*(?P<n>[0-9OolI|丨〇○SBZ]{1,4})\s*[号弓亏]$")


def repair_doc_number(t: str) -> str | None:
    """A 文号 line with OCR noise or odd brackets (``某政办发〔2O22〕8号``, ``某政办发<2022>8弓``): the repaired
    文号, or None when the line is no 文号 at all.  The caller reports the repair."""
    form = no_space(match_form(t))
    m = _DOCNUM_SHAPE_RE.match(form)
    if not m:
        return None
    year = m.group("y").translate(_OCR_DIGITS)
    num = m.group("n").translate(_OCR_DIGITS)
    if not (year.isdigit() and num.isdigit() and year[:2] in ("19", "20")):
        return None
    prefix = _PREFIX_CUT.sub("", m.group("prefix")) or m.group("prefix")
    return f"{prefix[-6:]}〔{year}〕{int(num)}号"


def _is_docnum_line(t: str) -> str | None:
    form = no_space(match_form(t))
    m = DOCNUM_RE.fullmatch(form)
    if m:
        return normalize_doc_number(m)
    # 版头: "签发人：…" on the same line, or the issuer code alone
    m = DOCNUM_RE.match(form)
    if m and len(form) - m.end() < 20 and "签发人" in form[m.end():]:
        return normalize_doc_number(m)
    return None


def _is_date_line(t: str) -> tuple[str | None, str] | None:
    """``(issuer or None, iso date)`` when the paragraph is a signature date line."""
    form = match_form(t).strip()
    m = _DATE_LINE_RE.match(form)
    if not m:
        return None
    iso = parse_date(form)
    if not iso:
        return None
    issuer = m.group("issuer").strip()
    if issuer and (len(issuer) > 30 or any(p in issuer for p in "。，；：")):
        return None
    return (issuer or None, iso)


def _is_recipients(t: str) -> bool:
    form = match_form(t).strip()
    return form.endswith("：") and len(form) <= 200 and not any(p in form for p in "。；") and len(form) >= 3


def _title_like(t: str, max_len: int = 60) -> bool:
    form = match_form(t).strip()
    if not form or len(form) > max_len:
        return False
    if form[-1] in _SENTENCE_PUNCT + "：，":
        return False
    if any(p in form for p in "。；"):
        return False
    if _is_date_line(form) or _is_docnum_line(form) or _ATTACH_RE.match(form):
        return False
    if re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+[.、]|"
                r"第[一二三四五六七八九十百]+(?:[章条节]|部分))", form):
        return False
    return True


def split_recipients(text: str) -> list[str]:
    """主送 split at top-level ``，`` (``市各委、办、局`` stays one)."""
    from .normalize import split_top_level
    body = text.strip().rstrip("：:").strip()
    return [p.strip() for p, _ in split_top_level(match_form(body), "，") if p.strip()]


def _collect_title(texts: list[str], start: int, stop: int, max_lines: int = 3,
                   cues: list[bool] | None = None) -> tuple[str, int]:
    """Join up to ``max_lines`` title-like paragraphs from ``start``; returns (title, end index).

    ``cues[k]`` is the readers' typographic opinion (centred, heading style or large bold font): a
    cued paragraph may be longer, and a run of cued lines stops where the cue stops.
    """
    parts: list[str] = []
    i = start
    def ok(k: int) -> bool:
        cued = bool(cues and cues[k])
        if parts and cues and cues[start] and not cued:
            return False
        return _title_like(texts[k], 100 if cued else 60)
    while i < stop and len(parts) < max_lines and ok(i):
        parts.append(texts[i].strip())
        i += 1
        if _TITLE_END_RE.search(no_space(parts[-1])):
            break
    return no_space("".join(parts)), i


def _signature_names(raw: str) -> list[str]:
    """Issuers on one signature line: several agency names separated by wide spaces stay apart."""
    from .units import looks_like_unit
    parts = [no_space(p) for p in re.split(r"\s{2,}|\u3000+", raw.strip()) if p.strip()]
    if len(parts) > 1 and all(len(p) >= 4 and looks_like_unit(p) for p in parts):
        return parts
    return [no_space(raw)]


def _is_signature(text: str, raw: str, first: bool) -> bool:
    from .units import looks_like_unit
    t = no_space(text)
    if not _title_like(t, 40) or _TITLE_END_RE.search(t) or _is_recipients(t):
        return False
    if first:
        return len(t) <= 30 or all(looks_like_unit(p) for p in _signature_names(raw))
    return all(looks_like_unit(p) for p in _signature_names(raw))


_DAMAGED_DOCNUM_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}(?:〔|\[|（)(?:19|20)[0-9]{2}[〕\]）]?[0-9]{1,4}号?$")


def _docnum(t: str) -> str | None:
    return _is_docnum_line(t) or repair_doc_number(t) or damaged_doc_number(t)


def damaged_doc_number(t: str) -> str | None:
    """A 文号 line missing its closing bracket or 号 (``沙政〔2012478``): kept as printed, reported."""
    form = no_space(match_form(t))
    return form if _DAMAGED_DOCNUM_RE.match(form) and not _is_docnum_line(t) else None


def _is_letterhead(texts: list[str], i: int) -> bool:
    """An organ's name alone above the 文号 (a letterhead without 文件; joint letterheads one organ a line).
    An organ line followed directly by 关于…的通知 is the first line of the title, not a letterhead."""
    from .units import looks_like_unit
    j = i
    while j < min(len(texts), i + 4):
        t = no_space(match_form(texts[j]))
        if not t or len(t) > 30 or not looks_like_unit(t) or _TITLE_END_RE.search(t):
            break
        j += 1
    return j > i and j < len(texts) and _docnum(texts[j]) is not None


def analyse_front(texts: list[str], is_law: bool, cues: list[bool] | None = None,
                  raw: list[str] | None = None) -> FrontMatter:
    """Roles of all paragraphs, the metadata dict (without ``cited``), and the body range.

    ``cues`` (optional, one per paragraph): the reader marked the paragraph as title-like by
    typography.  Only a cue: the text rules decide.
    """
    n = len(texts)
    roles = ["other"] * n
    meta: dict[str, Any] = {"title": None, "doc_number": None, "issuer": None, "date": None,
                            "recipients": [], "plan_title": None, "publicity": None, "cited": []}
    i = 0
    warnings: list[tuple[int, str, str]] = []
    # 版头: issuer mark (…文件, …明电, 公文稿纸), 份号, 密级, 紧急程度, or an organ's name alone above the title
    while i < min(n, 6) and (_HEADER_RE.match(no_space(texts[i])) or _is_letterhead(texts, i)) \
            and not _TITLE_END_RE.search(no_space(texts[i])):
        if _HEADER_RE.match(no_space(texts[i])) is None:
            meta.setdefault("letterhead", no_space(texts[i]))
        i += 1
    # 文号 before the title (GB/T 9704 layout) or right after it
    head_limit = min(n, i + 8)
    doc_idx = next((k for k in range(i, head_limit) if _is_docnum_line(texts[k])), None)
    if doc_idx is None:
        # a 文号 with OCR noise or odd brackets: repaired, and reported so the user checks it
        doc_idx = next((k for k in range(i, head_limit) if repair_doc_number(texts[k])), None)
        if doc_idx is not None:
            fixed = repair_doc_number(texts[doc_idx])
            warnings.append((doc_idx, texts[doc_idx], f"文号“{no_space(texts[doc_idx])}”不规范（括号或字符有误，可能是识别错误），"
                                                      f"已按“{fixed}”处理，请核对原件"))
        else:
            doc_idx = next((k for k in range(i, head_limit) if damaged_doc_number(texts[k])), None)
            if doc_idx is not None:
                warnings.append((doc_idx, texts[doc_idx], f"文号“{no_space(texts[doc_idx])}”不完整（缺少括号或“号”字），"
                                                          "已按原样保留，请核对原件"))
    if doc_idx is not None and doc_idx == i:
        meta["doc_number"] = _docnum(texts[doc_idx])
        roles[doc_idx] = "doc_number"
        i = doc_idx + 1
    title_stop = doc_idx if doc_idx is not None and doc_idx > i else n
    title, t_end = _collect_title(texts, i, title_stop, max_lines=4, cues=cues)
    if not title and i < n and not _is_recipients(texts[i]) and match_form(texts[i]).rstrip()[-1:] not in "。！？；":
        title, t_end = no_space(texts[i]), i + 1
    if title and meta["doc_number"] is None:
        m = _TITLE_DOCNUM_RE.match(match_form(title))
        if m and _is_docnum_line(m.group("num")):
            meta["doc_number"] = _is_docnum_line(m.group("num"))
            title = title[: m.end("title")]
    meta["title"] = title or None
    for k in range(i, t_end):
        roles[k] = "notice_title"
    i = t_end
    if doc_idx is not None and doc_idx >= i and meta["doc_number"] is None:
        for k in range(i, doc_idx):
            roles[k] = "other"
        meta["doc_number"] = _docnum(texts[doc_idx])
        roles[doc_idx] = "doc_number"
        i = doc_idx + 1
    if is_law:
        return _law_front(texts, roles, meta, i)
    # 主送
    if i < n and _is_recipients(texts[i]):
        meta["recipients"] = split_recipients(texts[i])
        roles[i] = "recipients"
        i += 1
    body_start = i
    # signature / date
    date_idx = next((k for k in range(i, n) if _is_date_line(texts[k])), None)
    body_end = n
    after = n
    if date_idx is not None:
        issuer, iso = _is_date_line(texts[date_idx])  # type: ignore[misc]
        meta["date"] = iso
        roles[date_idx] = "date"
        sig = date_idx
        if issuer:
            meta["issuer"] = issuer
        else:
            # one or more signature lines (joint issuance: one issuer a line, or several on one line)
            names: list[str] = []
            k = date_idx - 1
            while k >= i and _is_signature(texts[k], raw[k] if raw else texts[k], first=not names):
                names[:0] = _signature_names(raw[k] if raw else texts[k])
                roles[k] = "signature"
                sig = k
                k -= 1
            if names:
                meta["issuer"] = names[0]
                if len(names) > 1:
                    meta["issuers"] = names          # a joint notice: one item per issuer, the first is `issuer`
        body_end = sig
        after = date_idx + 1
        while after < n:
            t = no_space(match_form(texts[after]))
            m = _PUBLICITY_RE.match(t) or _CONTACT_PUBLICITY_RE.match(t)
            if m is None and (_CONTACT_START_RE.match(t) or (roles[after - 1] == "other" and after - 1 > date_idx
                                                             and _CONTACT_START_RE.match(no_space(match_form(texts[after - 1])))
                                                             and "（" not in t.split("）")[0])):
                # a contact note, maybe broken over two lines, maybe with the publicity note after it
                roles[after] = "other"
                pm = re.search(r"（(此件[^）]{1,20})）", t)
                if pm and meta["publicity"] is None:
                    meta["publicity"] = pm.group(1)
                    roles[after] = "publicity"
                after += 1
                continue
            if m and meta["publicity"] is None:
                meta["publicity"] = m.group("note")
                roles[after] = "publicity"
            elif _OTHER_NOTE_RE.match(t):
                roles[after] = "other"
            else:
                break
            after += 1
    attachments: list[tuple[int, str]] = []
    outline = True
    notice_text = "".join(texts[body_start:body_end])
    issues_plan = bool(_ISSUING_RE.search(title or "") or _ISSUE_PHRASE_RE.search(notice_text))
    plan_start = after
    if date_idx is not None and after < n and not issues_plan:
        # a 函 (商请会签《…》, 请确认…) or any notice carrying a plan after its signature, with or without a
        # 附件 line: the document after the date is a plan when its title says so and numbered text follows
        start = after + 1 if _ATTACH_HEAD_RE.match(no_space(texts[after])) else after
        issues_plan = start < n and _carries_plan(texts, start, title or "", notice_text, cues)
    if date_idx is not None and after < n and issues_plan and _ATTACH_HEAD_RE.match(no_space(texts[after])):
        plan_start = after + 1          # the plan issued as the notice's 附件
    if date_idx is not None and plan_start < n and issues_plan and \
            _title_like(texts[plan_start], 100 if cues and cues[plan_start] else 60):
        # a notice followed by the plan it issues
        for k in range(body_start, body_end):
            roles[k] = "notice_body"
        plan_title, p_end = _plan_title(texts, plan_start, title or "", notice_text, cues)
        meta["plan_title"] = plan_title
        for k in range(plan_start, p_end):
            roles[k] = "plan_title"
        body_start, body_end = p_end, n
        # the issued document's own signature and date (a forwarded report, a plan signed by its drafter)
        end_date = next((k for k in range(p_end, n) if _is_date_line(texts[k])), None)
        if end_date is not None:
            roles[end_date] = "date"
            body_end = end_date
            k = end_date - 1
            while k >= p_end and _is_signature(texts[k], raw[k] if raw else texts[k], first=k == end_date - 1):
                roles[k] = "signature"
                body_end = k
                k -= 1
    elif date_idx is not None and issues_plan and plan_start < n and roles[plan_start] == "other" \
            and not _ATTACH_RE.match(no_space(texts[plan_start])) and not _IMPRINT_RE.match(no_space(match_form(texts[plan_start]))) \
            and _plan_text_follows(texts, plan_start):
        # the plan follows the signature and date without a title line of its own (a web copy)
        for k in range(body_start, body_end):
            roles[k] = "notice_body"
        body_start, body_end = plan_start, n
    elif date_idx is None and issues_plan:
        # no signature block (text copied from a web page): find the quoted plan title
        found = _quoted_plan_after(texts, body_start, title or "")
        if found:
            q_start, q_end, plan_title = found
            for k in range(body_start, q_start):
                roles[k] = "notice_body"
            for k in range(q_start, q_end):
                roles[k] = "plan_title"
            meta["plan_title"] = plan_title
            body_start = q_end
        else:
            # the plan's text right after the issuing sentence (现将《…》印发给你们…), without a title line, or
            # after a standalone 附件 line with its title
            issue_at = next((k for k in range(body_start, min(n, body_start + 4))
                             if _ISSUE_PHRASE_RE.search(texts[k])), None)
            head_at = next((k for k in range(body_start, min(n, body_start + 8))
                            if _ATTACH_HEAD_RE.match(no_space(texts[k]))), None)
            if head_at is not None and head_at + 1 < n and \
                    _title_like(texts[head_at + 1], 100 if cues and cues[head_at + 1] else 60):
                plan_title, p_end = _plan_title(texts, head_at + 1, title or "", notice_text, cues)
                for k in range(body_start, head_at):
                    if roles[k] == "other":
                        roles[k] = "notice_body"
                for k in range(head_at + 1, p_end):
                    roles[k] = "plan_title"
                meta["plan_title"] = plan_title
                body_start = p_end
            elif issue_at is not None and issue_at + 1 < n and _plan_text_follows(texts, issue_at + 1):
                for k in range(body_start, issue_at + 1):
                    roles[k] = "notice_body"
                body_start = issue_at + 1
            else:
                outline = False
    elif issues_plan:
        outline = False
    if not outline:
        # the issued document is not in the text (a 分解表 sent apart, a web copy of the notice alone): the
        # notice's numbered paragraphs are its requirements; annotations in them still make tasks
        for k in range(body_start, body_end):
            if roles[k] == "other":
                roles[k] = "notice_body"
    # attachments: a line "附件" / "附件2" standing alone, after the main text has begun
    for k in range(body_start + 1, n):
        m = _ATTACH_HEAD_RE.match(no_space(texts[k]))
        if m and k + 1 < n and roles[k] == "other":
            attachments.append((k, m.group("n")))
    if attachments:
        first = attachments[0][0]
        body_end = min(body_end, first)
        for k in range(first, n):
            if roles[k] == "other":
                roles[k] = "attachment"
    for k in range(body_start, body_end):
        if roles[k] == "other" and _ATTACH_RE.match(no_space(texts[k])):
            roles[k] = "attachment"
            # 附件：1.… / 2.… — the numbered list of attachments, not headings
            j = k + 1
            if re.match(r"^附\s*件\s*[：:]\s*[0-9]+[.、．]", no_space(match_form(texts[k]))):
                while j < n and roles[j] in ("other", "attachment") and _ATTACH_ITEM_RE.match(no_space(match_form(texts[j]))):
                    roles[j] = "attachment"
                    j += 1
    # 版记 (GB/T 9704) at the very end: 抄送 line, 印发机关 and 印发日期 — not part of the text
    k = n - 1
    while k > body_start and _IMPRINT_RE.match(no_space(match_form(texts[k]))):
        roles[k] = "other"
        body_end = min(body_end, k)
        k -= 1
    return FrontMatter(roles=roles, meta=meta, body_start=body_start, body_end=body_end,
                       attachments=sorted(attachments), warnings=warnings, outline=outline)


def _carries_plan(texts: list[str], start: int, title: str, notice_text: str, cues: list[bool] | None) -> bool:
    t = no_space(match_form(texts[start]))
    if not _title_like(t, 100 if cues and cues[start] else 60):
        return False
    quoted = [no_space(q) for q in _QUOTE_RE.findall(title + notice_text)]
    head, _ = _collect_title(texts, start, len(texts), max_lines=3, cues=cues)
    if not (head and (head in quoted or _PLAN_TITLE_END_RE.search(head))):
        return False
    numbered = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+(?:部分|章|条))")
    return any(numbered.match(no_space(match_form(x))) for x in texts[start + 1: start + 12])


def _plan_text_follows(texts: list[str], start: int) -> bool:
    """Body text after the date: a paragraph (not a list of short lines) and numbered parts soon after."""
    numbered = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+(?:部分|章))")
    first = no_space(match_form(texts[start]))
    return len(first) >= 15 and not numbered.match(first) and not _TITLE_END_RE.search(first) and \
        any(numbered.match(no_space(match_form(x))) for x in texts[start: start + 8])


def _plan_title(texts: list[str], start: int, notice_title: str, notice_text: str,
                cues: list[bool] | None = None) -> tuple[str | None, int]:
    """The plan title after the notice's signature block (may span paragraphs)."""
    quoted = [no_space(q) for q in _QUOTE_RE.findall(notice_title + notice_text)]
    # prefer a run of paragraphs equal to a title quoted in the notice
    for q in quoted:
        acc = ""
        for k in range(start, min(len(texts), start + 4)):
            acc += no_space(texts[k])
            if acc == q:
                return q, k + 1
            if not q.startswith(acc):
                break
    title, end = _collect_title(texts, start, len(texts), max_lines=3, cues=cues)
    if title:
        return title, end
    return None, start


def _quoted_plan_after(texts: list[str], start: int, notice_title: str) -> tuple[int, int, str] | None:
    quoted = [no_space(q) for q in _QUOTE_RE.findall(notice_title + "".join(texts[start:start + 6]))]
    for q in quoted:
        for k in range(start, min(len(texts), start + 12)):
            acc = ""
            for j in range(k, min(len(texts), k + 3)):
                acc += no_space(texts[j])
                if acc == q:
                    return k, j + 1, q
                if not q.startswith(acc):
                    break
    return None


def _law_front(texts: list[str], roles: list[str], meta: dict[str, Any], i: int) -> FrontMatter:
    """A law or regulation: revision-date lines and 目录 before the articles."""
    n = len(texts)
    dates: list[str] = []
    while i < n and not re.match(r"^第[一二三四五六七八九十百零〇]+[章节条编]", no_space(texts[i])):
        t = no_space(texts[i])
        found = [parse_date(m.group(0)) for m in DATE_RE.finditer(match_form(t))] \
            if re.match(r"^[（(]?(?:19|20)\d{2}年", t) else []
        found = [d for d in found if d]
        dates.extend(found)
        roles[i] = "date" if found else "preamble"
        i += 1
        if t == "目录":
            break
    if dates:
        meta["date"] = max(dates)
    return FrontMatter(roles=roles, meta=meta, body_start=i, body_end=n, is_law=True)


def find_citations(texts: list[str], roles: list[str], meta: dict[str, Any]) -> list[dict[str, str | None]]:
    """Every document cited as 《title》 and/or by 文号 (deduplicated, in order of first mention)."""
    own_plans = {no_space(t) for t in [meta.get("plan_title")] + list(meta.get("plan_titles") or []) if t}
    own_title = no_space(meta.get("title") or "")
    own_number = meta.get("doc_number")
    found: list[dict[str, str | None]] = []
    for k, text in enumerate(texts):
        if roles[k] in ("doc_number",):
            continue
        form = match_form(text)
        numbers = find_doc_numbers(text)
        used: set[int] = set()
        for m in _QUOTE_RE.finditer(form):
            title = no_space(text[m.start() + 1: m.end() - 1])
            number = None
            for j, (s, e, num) in enumerate(numbers):
                # 《title》（文号） — the number right after the title, in brackets
                if s >= m.end() and re.fullmatch(r"[（〔(]?\s*", form[m.end():s]) and \
                        re.match(r"\s*[）)〕]?", form[e:]):
                    number = num
                    used.add(j)
                    break
            if number is None and _TO_BE_DRAFTED_RE.search(form[max(0, m.start() - 6): m.start()]):
                continue        # 编制《…指南》: a document still to be drafted, not a cited one
            found.append({"title": title, "doc_number": number})
        for j, (_, _, num) in enumerate(numbers):
            if j not in used:
                found.append({"title": None, "doc_number": num})
    out: list[dict[str, str | None]] = []
    for c in found:
        title, number = c["title"], c["doc_number"]
        if title and no_space(title) in own_plans:
            continue
        if title and any(len(title) <= 6 and t.endswith(title) and t != title for t in own_plans | {own_title}):
            continue
        if title and own_title and no_space(title) == own_title:
            continue
        if number and number == own_number:
            continue
        merged = False
        for o in out:
            if (number and o["doc_number"] == number) or (title and o["title"] == title):
                o["title"] = o["title"] or title
                o["doc_number"] = o["doc_number"] or number
                merged = True
                break
        if not merged:
            out.append({"title": title, "doc_number": number})
    return out


_FIRST_NUMBER_RE = re.compile(r"^(?:一[、.，]|第一章|第一条)")


def find_part_titles(texts: list[str], start: int, end: int) -> list[int]:
    """Titles of further documents issued by the same notice (``…两个规定的通知``): a title line inside
    the main text after which the numbering starts again at 一、 (or 第一章/第一条)."""
    out: list[int] = []
    seen_first = False
    for k in range(start, end):
        t = no_space(match_form(texts[k]))
        if _FIRST_NUMBER_RE.match(t):
            seen_first = True
            continue
        if not seen_first or not _title_like(t, 50) or not _TITLE_END_RE.search(t):
            continue
        ahead = [no_space(match_form(x)) for x in texts[k + 1: min(end, k + 4)]]
        if any(_FIRST_NUMBER_RE.match(a) for a in ahead):
            out.append(k)
            seen_first = False
    return out
