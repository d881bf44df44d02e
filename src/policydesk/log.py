"""Diagnostics: a rotating log ``policydesk.log`` in POLICYDESK_HOME that a support person can ask for.

It records what was done (command, options, duration, exit code) and every error with its traceback — but never
document content: only our own messages (which name files, not their text) are logged verbatim; the messages of
foreign exceptions (a library may quote the text it choked on) have their runs of Chinese text masked, and
passwords given on the command line are replaced by ``***``.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

logger = logging.getLogger("policydesk")

LOG_NAME = "policydesk.log"
LOG_MAX_BYTES = 2_000_000
LOG_BACKUPS = 4
_SECRET_OPTIONS = ("--password",)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]{4,}")

_handler: logging.Handler | None = None
_handler_path: Path | None = None


_LINE_BREAKERS = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def escape_line(text: str) -> str:
    """One line, whatever the text holds: newlines and other control characters (say, in a file name) shown as
    ``\\n``, ``\\x07`` …, so a message cannot be split and a log line cannot be forged."""
    return _LINE_BREAKERS.sub(lambda m: {"\n": "\\n", "\r": "\\r"}.get(m.group(), f"\\x{ord(m.group()):02x}"
                                                                         if ord(m.group()) < 0x100
                                                                         else f"\\u{ord(m.group()):04x}"), text)


# third-party loggers whose warnings ("Could not get FontBBox …") belong in the log, never on the user's stderr
FOREIGN_LOGGERS = ("pdfminer", "pdfplumber", "PIL", "docx")


def redact_text(text: str) -> str:
    """Mask runs of four or more Chinese characters (possible document content)."""
    return _CJK_RUN.sub(lambda m: f"‹{len(m.group())}字›", text)


class _SafeFormatter(logging.Formatter):
    """Tracebacks in full (frames are our code), exception messages of foreign errors masked."""

    def format(self, record: logging.LogRecord) -> str:
        # never reuse a traceback text cached on the record by another handler's (unmasking) formatter
        cached, record.exc_text = record.exc_text, None
        msg, args = record.msg, record.args
        try:
            text = record.getMessage()
            if not record.name.startswith("policydesk"):
                text = redact_text(text)[:1000]          # a library's warning may quote document text
            record.msg, record.args = escape_line(text), None   # a newline in a file name cannot forge a log line
            return super().format(record)
        finally:
            record.exc_text = cached
            record.msg, record.args = msg, args

    def formatException(self, ei) -> str:  # noqa: N802 - logging API
        from .errors import PolicydeskError
        te = traceback.TracebackException(*ei)
        seen = set()
        stack = [te]
        while stack:
            cur = stack.pop()
            if id(cur) in seen:
                continue
            seen.add(id(cur))
            exc_type = getattr(cur, "exc_type", None)
            if not (isinstance(exc_type, type) and issubclass(exc_type, PolicydeskError)) and hasattr(cur, "_str"):
                cur._str = redact_text(str(cur._str))[:500]
            if hasattr(cur, "_str"):
                cur._str = escape_line(str(cur._str))
            stack.extend(x for x in (cur.__cause__, cur.__context__) if x is not None)
        return "".join(te.format()).rstrip("\n")


def log_path() -> Path:
    from .paths import home_dir
    return home_dir() / LOG_NAME


def setup_logging() -> Path | None:
    """Attach the rotating file handler for the current POLICYDESK_HOME (re-attached if the home changed)."""
    global _handler, _handler_path
    try:
        path = log_path()
    except OSError:
        quiet_foreign_loggers(None)
        return None
    if _handler is not None and _handler_path == path:
        return path
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS,
                                                       encoding="utf-8", delay=True)
    except OSError:
        quiet_foreign_loggers(None)
        return None
    handler.setFormatter(_SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    quiet_foreign_loggers(handler)
    _handler, _handler_path = handler, path
    from . import __version__
    logger.info("policydesk %s, Python %s, %s", __version__, platform.python_version(), platform.platform())
    return path


_attached: list[tuple[logging.Logger, logging.Handler]] = []


def quiet_foreign_loggers(handler: logging.Handler | None = None) -> None:
    """Third-party warnings go to our log (when there is one), never to stderr (Python's last-resort handler
    prints them there when a logger has no handler)."""
    for lg, h in _attached:
        lg.removeHandler(h)
    _attached.clear()
    target = handler if handler is not None else logging.NullHandler()
    for name in FOREIGN_LOGGERS:
        lg = logging.getLogger(name)
        lg.addHandler(target)
        _attached.append((lg, target))
        lg.propagate = False
        if lg.level == logging.NOTSET or lg.level < logging.WARNING:
            lg.setLevel(logging.WARNING)


def safe_argv(argv: Sequence[str]) -> list[str]:
    """The command line with secrets replaced by ``***``."""
    out: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            out.append("***")
            hide_next = False
        elif arg in _SECRET_OPTIONS:
            out.append(arg)
            hide_next = True
        elif any(arg.startswith(opt + "=") for opt in _SECRET_OPTIONS):
            out.append(arg.split("=", 1)[0] + "=***")
        else:
            out.append(arg)
    return out


def log_error(what: str, exc: BaseException | None = None) -> None:
    """Log an error with its traceback (for the GUI and other callers outside :func:`log_command`)."""
    setup_logging()
    if exc is None:
        logger.error("%s", what, exc_info=True)
    else:
        logger.error("%s", what, exc_info=(type(exc), exc, exc.__traceback__))


@contextmanager
def log_command(name: str, argv: Sequence[str] | None = None) -> Iterator[None]:
    """Log a command's start (with its options), its duration and how it ended; errors with their traceback."""
    setup_logging()
    args = safe_argv(argv if argv is not None else sys.argv[1:])
    logger.info("command %s started: %s", name, " ".join(args))
    start = time.monotonic()
    try:
        yield
    except KeyboardInterrupt:
        logger.info("command %s cancelled after %.2f s", name, time.monotonic() - start)
        raise
    except Exception as e:
        code = getattr(e, "exit_code", 1)
        logger.error("command %s failed after %.2f s (exit %s): %s", name, time.monotonic() - start, code,
                     type(e).__name__, exc_info=True)
        raise
    logger.info("command %s finished in %.2f s", name, time.monotonic() - start)


@contextmanager
def log_step(step: str, **facts: object) -> Iterator[dict[str, object]]:
    """Log one core step at INFO: its duration and its decisions (counts and choices — never document text).

        with log_step("analyze", format="pdf") as facts:
            ...
            facts["tasks"] = len(tasks)
    """
    start = time.monotonic()
    log = logging.getLogger(f"policydesk.{step.split()[0]}")
    try:
        yield facts
    finally:
        shown = ", ".join(f"{k}={v}" for k, v in facts.items() if isinstance(v, (int, float, bool, str)) or v is None)
        log.info("%s: %.3f s%s", step, time.monotonic() - start, f" ({shown})" if shown else "")
