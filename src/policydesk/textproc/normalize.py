"""Text normalisation for matching (not for display)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def strip_annotations(text: str) -> str:
    """Remove responsibility annotations (they name local agencies, not content): every form the analysis'
    annotation grammar reads (:func:`policydesk.analysis.annotations.strip_annotations`)."""
    from ..analysis.annotations import strip_annotations as strip
    return strip(text)


def normalize(text: str) -> str:
    """NFKC (full-width ASCII and punctuation folded), lower case, annotations removed."""
    text = strip_annotations(text)
    text = unicodedata.normalize("NFKC", text).lower()
    return _SPACES.sub(" ", text).strip()


_DOCNO = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]\s*第?\s*(?P<num>\d+)\s*号")


def normalize_doc_number(value: str | None) -> str | None:
    """Canonical 文号: ``机关代字〔年份〕序号号``; ``None`` if ``value`` holds none."""
    if not value:
        return None
    v = unicodedata.normalize("NFKC", value)
    v = v.replace("〔", "[").replace("〕", "]")
    m = _DOCNO.search(v.replace(" ", ""))
    if not m:
        return None
    return f"{m.group('prefix')}〔{m.group('year')}〕{int(m.group('num'))}号"


_TITLE_DROP = re.compile(r"[\s《》〈〉<>“”\"'‘’「」『』（）()【】\[\]、，,。.：:；;·—\-]+")


def normalize_title(title: str | None) -> str:
    """A title reduced to its characters for equality/containment tests."""
    if not title:
        return ""
    return _TITLE_DROP.sub("", unicodedata.normalize("NFKC", title)).lower()
