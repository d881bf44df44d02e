"""The reference library (SQLite): documents stored once with their analysis, level, clauses and features.

GUI/CLI entry point: :class:`Library` (``add``/``add_many``/``list``/``search``/``remove``/``set_level``).
"""

from __future__ import annotations

from ..levels import LEVELS, guess_level, level_name, parse_level
from .store import AddResult, DocumentInfo, Library

__all__ = ["Library", "AddResult", "DocumentInfo", "LEVELS", "guess_level", "level_name", "parse_level"]
