"""pytest plugin (registered in tests/conftest.py): the bundle smoke tests run only on request.

Tests marked ``bundle`` (tests/test_bundle.py) need a built dist/policydesk/ and are deselected unless the run asks
for them with ``-m bundle`` (any -m expression naming ``bundle`` without ``not``) or sets POLICYDESK_BUNDLE.
"""

from __future__ import annotations

import os
import re

import pytest


def bundle_requested(config: pytest.Config) -> bool:
    if os.environ.get("POLICYDESK_BUNDLE"):
        return True
    expr = config.getoption("markexpr") or ""
    return bool(re.search(r"(?<!not )\bbundle\b", expr))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if bundle_requested(config):
        return
    kept = [it for it in items if it.get_closest_marker("bundle") is None]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[it for it in items if it.get_closest_marker("bundle") is not None])
        items[:] = kept
