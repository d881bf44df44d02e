"""Where things live: bundled resources, the user's home (POLICYDESK_HOME), the library file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "policydesk"


def resources_dir() -> Path:
    """The bundled, read-only ``resources/`` folder (repo checkout, editable install or PyInstaller bundle)."""
    env = os.environ.get("POLICYDESK_RESOURCES")
    if env:
        return Path(env)
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        return Path(meipass) / "resources"
    here = Path(__file__).resolve().parent
    for cand in (here.parents[1] / "resources", here / "_resources"):
        if cand.is_dir():
            return cand
    raise FileNotFoundError("policydesk resources/ folder not found")


def home_dir() -> Path:
    """User data: log, caches, user county profiles and mappings (override bundled ones)."""
    env = os.environ.get("POLICYDESK_HOME")
    if env:
        p = Path(env)
    else:
        from platformdirs import user_data_dir
        p = Path(user_data_dir(APP_NAME, appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p


def library_path(cli_value: str | os.PathLike | None = None) -> Path:
    """Precedence: ``--library``, then ``POLICYDESK_LIBRARY``, then the user data directory."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get("POLICYDESK_LIBRARY")
    if env:
        return Path(env)
    return home_dir() / "library.sqlite3"


def resource(*parts: str) -> Path:
    """A resource file, the user's copy in POLICYDESK_HOME taking precedence over the bundled one."""
    user = home_dir().joinpath(*parts)
    if user.exists():
        return user
    return resources_dir().joinpath(*parts)
