"""The one way jieba and scikit-learn get imported off the main thread.

Two threads importing the same package at the same time can fail with ``_DeadlockError`` (seen: a comparison
started while the GUI's start-up preload was still importing scikit-learn).  Every thread that needs them — the
preload and every worker — calls :func:`ensure_loaded` first: the imports run once, under one lock; a second
caller waits for the first to finish instead of importing alongside it.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time

log = logging.getLogger("policydesk.textproc")

# What the comparison imports lazily (compare/features.py, similarity.py, align.py), in dependency order.
MODULES = ("numpy", "scipy.sparse", "sklearn", "sklearn.utils", "sklearn.feature_extraction",
           "sklearn.preprocessing")

_LOCK = threading.RLock()
_loaded = False


def _import(name: str) -> None:
    importlib.import_module(name)


def ensure_loaded() -> None:
    """Import scikit-learn (and numpy/scipy) and load jieba with the user dictionary, once, under one lock."""
    global _loaded
    if _loaded:
        return
    with _LOCK:
        if _loaded:
            return
        t0 = time.perf_counter()
        for name in MODULES:
            _import(name)
        from .tokenize import ensure_tokenizer
        ensure_tokenizer()
        _loaded = True
        log.info("jieba and scikit-learn loaded in %.2f s", time.perf_counter() - t0)


def is_loaded() -> bool:
    return _loaded
