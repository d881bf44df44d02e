"""The reference library (SQLite): documents stored once with their analysis, level, clauses and features.

GUI/CLI entry points: :class:`Library` (``add``/``add_many``/``list``/``search``/``remove``/``set_level``) and
:func:`import_paths` (files and folders, worker processes, progress, cancel, summary).  See docs/library.md.
"""

from __future__ import annotations

from ..levels import LEVELS, guess_level, level_name, parse_level
from .bulk import ImportSummary, import_paths
from .store import AddResult, DocumentInfo, Library

__all__ = ["Library", "AddResult", "DocumentInfo", "ImportSummary", "import_paths", "LEVELS", "guess_level",
           "level_name", "parse_level"]
