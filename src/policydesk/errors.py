"""Errors that reach the user, each with its exit code (see docs/cli.md).

Every message is Chinese, names the file and says what to do.  The CLI prints
``str(err)`` as one line on stderr; the GUI shows it in a dialog; the traceback
goes only to the log.
"""

from __future__ import annotations


class PolicydeskError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class InputError(PolicydeskError):
    """An input cannot be read (missing, empty, damaged, encrypted, unsupported, too big, no text)."""
    exit_code = 3


class NoTextLayerError(InputError):
    """A PDF (or pages of it) has no usable text layer and OCR is off or unavailable."""

    def __init__(self, message: str, *, path: str | None = None, pages: list[int] | None = None):
        super().__init__(message, path=path)
        self.pages = pages or []


class PasswordRequiredError(InputError):
    """The file is encrypted and no (or a wrong) password was given."""


class OutputError(PolicydeskError):
    """An output was not written (exists without --force, locked, no space)."""
    exit_code = 4


class LibraryError(PolicydeskError):
    """Library error (unknown id, damaged database)."""
    exit_code = 5


class Cancelled(PolicydeskError):
    exit_code = 130

    def __init__(self, message: str = "操作已取消。", **kw):
        super().__init__(message, **kw)
