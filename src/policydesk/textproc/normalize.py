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


_TITLE_DROP = re.compile(r"[\s《》〈〉<>“”\"'‘’「」『』（）()【】\[\]、，,。.：:；;·—\-]+")


def normalize_title(title: str | None) -> str:
    """A title reduced to its characters for equality/containment tests."""
    if not title:
        return ""
    return _TITLE_DROP.sub("", unicodedata.normalize("NFKC", title)).lower()
