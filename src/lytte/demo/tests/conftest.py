"""A small demo, loaded through the `lytte demo` command into the test database, with the
logins file in a temporary data directory: `demo` for each test anew, `shared_demo` once for a
module whose tests only read it."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

SEED = 2024
DEMO = ("--customers", "40", "--cases", "120", "--seed", str(SEED))


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
    return run_demo(*DEMO)


@pytest.fixture(scope="module")
def _demo_for_the_module(
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The demo loaded once, in a transaction rolled back after the module. Each test's own
    transaction (pytest-django's `db`) is a savepoint inside it: what a test writes goes with
    the test. A test of the module that does not ask for the demo still sees it, so such tests
    live in other modules (test_demo_loads.py)."""
    with (
        django_db_blocker.unblock(),
        override_settings(DATA_DIR=tmp_path_factory.mktemp("demo")),
        transaction.atomic(),
    ):
        output = run_demo(*DEMO)
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def shared_demo(_demo_for_the_module: str, db: None) -> str:
    """What the module's one `lytte demo` (as `demo`'s) printed; loading it takes seconds."""
    return _demo_for_the_module
