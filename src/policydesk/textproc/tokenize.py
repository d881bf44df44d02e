"""jieba word tokens with the government user dictionary, and character n-grams.

jieba is imported on first use (it costs ~0.7 s); the user dictionary is added once, before
any text is cut, under a lock.  :func:`words` is a module-level function so that it can be
given to scikit-learn (``tokenizer=words, token_pattern=None``) and pickled.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from .normalize import normalize

FEATURE_VERSION = 2          # bump when tokens or n-grams change: stored library features are rebuilt

_lock = threading.Lock()
_tokenizer: Any = None
_KEEP = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_RUNS = re.compile(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _userdict_entries() -> list[tuple[str, int | None, str | None]]:
    from ..paths import resource
    path = resource("jieba_userdict.txt")
    entries: list[tuple[str, int | None, str | None]] = []
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        logging.getLogger(__name__).warning("user dictionary not found: %s", path)
        return entries
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        entries.append((parts[0], freq, tag))
    return entries


def features_signature() -> str:
    """Identifies how tokens are made (feature version + user dictionary content): stored with a library."""
    import hashlib
    from ..paths import resource
    h = hashlib.sha256(str(FEATURE_VERSION).encode())
    for parts in (("jieba_userdict.txt",), ("analysis", "annotations.json")):   # annotations are stripped first
        try:
            h.update(resource(*parts).read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:16]


def ensure_tokenizer() -> Any:
    """Load jieba and the user dictionary (once; thread-safe).  Call off the GUI thread."""
    global _tokenizer
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba
            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            try:
                from ..paths import home_dir
                tok.tmp_dir = str(home_dir())
            except OSError:
                pass
            tok.initialize()
            for word, freq, tag in _userdict_entries():
                tok.add_word(word, freq, tag)
            _tokenizer = tok
    return _tokenizer


def reset_tokenizer() -> None:
    """Forget the loaded tokenizer so the next use reloads the user dictionary (after it changed)."""
    global _tokenizer
    with _lock:
        _tokenizer = None


def words(text: str) -> list[str]:
    """jieba tokens of the normalised text, without punctuation and spaces."""
    tok = ensure_tokenizer()
    return [w for w in tok.lcut(normalize(text), HMM=False) if _KEEP.search(w)]


def char_ngrams(text: str, n: int = 2) -> list[str]:
    """Character n-grams inside runs of CJK/alphanumeric characters of the normalised text."""
    grams: list[str] = []
    for run in _RUNS.findall(normalize(text)):
        if len(run) < n:
            grams.append(run)
            continue
        grams.extend(run[i:i + n] for i in range(len(run) - n + 1))
    return grams
