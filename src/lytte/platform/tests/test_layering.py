"""The platform is the bottom layer: every app may use it, and it uses no app. A module under
lytte/platform (its tests aside) that imports another part of lytte fails here."""

from __future__ import annotations

import ast
from pathlib import Path

PLATFORM = Path(__file__).resolve().parents[1]


def _lytte_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return [name for name in names if name == "lytte" or name.startswith("lytte.")]


def _outside_platform(name: str) -> bool:
    parts = name.split(".")
    return len(parts) < 2 or parts[1] != "platform"


def test_no_platform_module_imports_another_lytte_app() -> None:
    modules = [p for p in PLATFORM.rglob("*.py") if "tests" not in p.relative_to(PLATFORM).parts]
    assert len(modules) > 10  # the walk found the platform's code
    offending = {
        f"{path.relative_to(PLATFORM.parent)}: {name}"
        for path in modules
        for name in _lytte_imports(path)
        if _outside_platform(name)
    }
    assert offending == set()
