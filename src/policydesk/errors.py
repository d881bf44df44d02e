"""Errors that reach the user, each with its exit code (see docs/cli.md).

Every message is Chinese, names the file and says what to do.  The core never names an interface's controls: when
the remedy is a setting or an action of the interface (overwrite, a password, OCR, the library file, the reference
documents), the error carries it as data, ``option`` (one of :data:`OPTIONS`), and each interface words it —
the CLI as its flag (``cli/common.py``: "请加 --force"), the GUI as its widget.  ``str(err)`` is the message with an
interface-neutral wording of the option, for logs and any place that does not word its own.  The traceback goes
only to the log.
"""

from __future__ import annotations

from collections.abc import Mapping

# What the user can change or do to get past an error, worded without naming any interface.
OPTIONS: dict[str, str] = {
    "force": "如需覆盖，请选择覆盖已有文件，或换一个文件名。",
    "password": "请提供 PDF 的打开密码。",
    "wrong_password": "请提供正确的 PDF 打开密码。",
    "ocr": "请开启文字识别（OCR）以识别其中的文字。",
    "library": "请指定另一个文档库文件。",
    "library_add": "请先将文件导入文档库。",
    "library_list": "请查看文档库中的文件编号。",
    "open_library": "请先打开文档库。",
    "ref": "请指定对照文件，或先将上级文件导入文档库。",
    "reindex": "请重建文档库的分词索引。",
}


class PolicydeskError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, option: str | None = None):
        if option is not None and option not in OPTIONS:
            raise ValueError(f"unknown option {option!r}")
        super().__init__(message)
        self.message = message          # what went wrong (and any remedy that is no interface setting)
        self.path = path
        self.option = option            # the setting that resolves it, worded by each interface

    def text(self, wording: Mapping[str, str] | None = None) -> str:
        """The message followed by ``wording[option]`` (an interface's own words), else the neutral wording."""
        return with_option(self.message, self.option, wording)

    def __str__(self) -> str:
        return self.text()


def with_option(message: str, option: str | None, wording: Mapping[str, str] | None = None) -> str:
    """``message`` followed by what to do about ``option`` in ``wording`` (or the neutral :data:`OPTIONS`)."""
    if option is None:
        return message
    hint = (wording or {}).get(option) or OPTIONS[option]
    return f"{message}{hint}"


class Advice(str):
    """A warning (e.g. in a comparison's ``warnings``) that keeps its option as data, like an error does: as a
    string it is the neutral wording (and JSON writes it so); :func:`worded` gives an interface's own."""

    message: str
    option: str | None

    def __new__(cls, message: str, option: str | None = None) -> Advice:
        if option is not None and option not in OPTIONS:
            raise ValueError(f"unknown option {option!r}")
        self = super().__new__(cls, with_option(message, option))
        self.message, self.option = message, option
        return self

    def text(self, wording: Mapping[str, str] | None = None) -> str:
        return with_option(self.message, self.option, wording)


def worded(item: object, wording: Mapping[str, str]) -> str:
    """An error or an :class:`Advice` in an interface's own wording; anything else as ``str()``."""
    if isinstance(item, (PolicydeskError, Advice)):
        return item.text(wording)
    return str(item)


class InputError(PolicydeskError):
    """An input cannot be read (missing, empty, damaged, encrypted, unsupported, too big, no text)."""
    exit_code = 3


class NoTextLayerError(InputError):
    """A PDF (or pages of it) has no usable text layer and OCR is off or unavailable."""

    def __init__(self, message: str, *, path: str | None = None, pages: list[int] | None = None,
                 option: str | None = None):
        super().__init__(message, path=path, option=option)
        self.pages = pages or []


class PasswordRequiredError(InputError):
    """The file is encrypted and no (or a wrong) password was given."""


class OutputError(PolicydeskError):
    """An output was not written (exists and overwriting was not asked for, locked, no space)."""
    exit_code = 4


class LibraryError(PolicydeskError):
    """Library error (unknown id, damaged database)."""
    exit_code = 5


class Cancelled(PolicydeskError):
    exit_code = 130

    def __init__(self, message: str = "操作已取消。", **kw):
        super().__init__(message, **kw)
