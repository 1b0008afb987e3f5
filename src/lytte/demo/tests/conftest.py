"""A small demo, loaded through the `lytte demo` command into the test database, with the
logins file in a temporary data directory."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

SEED = 2024


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db: None, data_dir: Path) -> str:
    """What `lytte demo --customers 40 --cases 120 --seed 2024` printed."""
    return run_demo("--customers", "40", "--cases", "120", "--seed", str(SEED))
