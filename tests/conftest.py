from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLE_PDF = ROOT / "samples" / "tongzhengfa-2021-23.pdf"

pytest_plugins = ["bundle_plugin", "gui_plugin"]   # bundle smoke tests (-m bundle) are deselected unless asked for


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own POLICYDESK_HOME and library: nothing touches the user's data."""
    home = tmp_path_factory.mktemp("pdhome")
    monkeypatch.setenv("POLICYDESK_HOME", str(home))
    monkeypatch.setenv("POLICYDESK_LIBRARY", str(home / "library.sqlite3"))
    yield


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def sample_pdf() -> Path:
    return SAMPLE_PDF
