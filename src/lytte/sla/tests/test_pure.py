"""The arithmetic, the Nordic table and the iCal reader stand on the standard library and the
`holidays` package alone: no Django on the SLA clock's hot path (decision 0038)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SLA = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("module", ["hours.py", "nordic.py", "ical.py"])
def test_the_module_imports_no_django(module: str) -> None:
    tree = ast.parse((SLA / module).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    allowed = {"lytte.sla.hours"}
    assert not {n for n in imported if n.split(".")[0] == "django"}
    assert not {n for n in imported if n.startswith("lytte") and n not in allowed}
