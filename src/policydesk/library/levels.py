"""Compatibility: the levels live in :mod:`policydesk.levels` (shared by compare and library without a cycle)."""

from ..levels import (LEVELS, NAMES_ZH, RANK, guess_level, guess_level_from_analysis, level_name,  # noqa: F401
                      parse_level, parse_level_or_library_error)
