"""Channels are adapters: they hand their contact to the core's entry (`receive_contact`, with
`NewCaseAt` saying where a new case goes and through which way in) and every effect after the
write follows from the core's events. A channel's module (its tests aside) that calls the SLA's
writes, or a mail, phone or chat module that uses more of the SLA than its read-only selectors
(the widget's opening hours), fails here (decision 51)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LYTTE = Path(__file__).resolve().parents[2]
CHANNELS = ("mail", "phone", "chat", "portal", "community", "feedback")
SLA_WRITES = ("lytte.sla.services", "lytte.sla.targets", "lytte.sla.subscribers")
# Of the SLA, the mail, the phone and the chat may read calendars (`selectors.opening`).
SLA_READS = "lytte.sla.selectors"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _within(name: str, module: str) -> bool:
    return name == module or name.startswith(f"{module}.")


def _imported_by(app: str) -> dict[str, set[str]]:
    root = LYTTE / app
    modules = [p for p in root.rglob("*.py") if "tests" not in p.relative_to(root).parts]
    assert modules, app  # the walk found the app's code
    return {str(path.relative_to(LYTTE)): _imports(path) for path in modules}


@pytest.mark.parametrize("app", CHANNELS)
def test_a_channel_calls_none_of_the_slas_writes(app: str) -> None:
    offending = {
        f"{module}: {name}"
        for module, names in _imported_by(app).items()
        for name in names
        if any(_within(name, write) for write in SLA_WRITES)
    }
    assert offending == set()


@pytest.mark.parametrize("app", ["mail", "phone", "chat"])
def test_mail_phone_and_chat_only_read_the_slas_calendars(app: str) -> None:
    offending = {
        f"{module}: {name}"
        for module, names in _imported_by(app).items()
        for name in names
        if _within(name, "lytte.sla") and not _within(name, SLA_READS)
    }
    assert offending == set()
