"""Diagnostics: a rotating log in POLICYDESK_HOME (what was done, every error with its traceback; no document content)."""

from __future__ import annotations

import logging
import logging.handlers
from contextlib import contextmanager
from typing import Iterator

logger = logging.getLogger("policydesk")
_configured = False


def setup_logging() -> None:
    global _configured
    if _configured:
        return
    _configured = True
    try:
        from .paths import home_dir
        handler = logging.handlers.RotatingFileHandler(home_dir() / "policydesk.log", maxBytes=1_000_000,
                                                       backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    except OSError:
        logger.addHandler(logging.NullHandler())


@contextmanager
def log_command(name: str) -> Iterator[None]:
    setup_logging()
    logger.info("command %s started", name)
    try:
        yield
    except Exception as e:
        logger.exception("command %s failed: %s", name, type(e).__name__)
        raise
    logger.info("command %s finished", name)
