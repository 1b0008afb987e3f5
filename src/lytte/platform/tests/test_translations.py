"""The Norwegian Bokmål catalogue covers every user-facing string, and what ships is compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CATALOGUE = PACKAGE / "locale" / "nb" / "LC_MESSAGES"
LYTTE = str(Path(sys.executable).with_name("lytte"))


def _untranslated(po: polib.POFile) -> list[str]:
    return [e.msgid for e in po if not e.obsolete and (not e.translated() or e.fuzzy)]


def test_every_norwegian_entry_is_translated() -> None:
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 50
    assert _untranslated(po) == []


def test_the_shipped_catalogue_is_compiled_from_the_current_po() -> None:
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in mo}
    for entry in po.translated_entries():
        expected = entry.msgstr or entry.msgstr_plural.get(0)
        assert compiled.get((entry.msgctxt, entry.msgid)) == expected, entry.msgid


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext is missing (apt-get install gettext): CANNOT CHECK THE CATALOGUE COVERS "
    "EVERY STRING",
)
@pytest.mark.slow  # runs `lytte makemessages`
def test_the_catalogue_covers_every_string_marked_in_the_code(tmp_path: Path) -> None:
    copy = tmp_path / "lytte"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "tests"))
    subprocess.run(
        [LYTTE, "makemessages", "--locale", "nb", "--no-obsolete", "--ignore", "conftest.py"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = polib.pofile(str(copy / "locale" / "nb" / "LC_MESSAGES" / "django.po"))
    missing = _untranslated(extracted)
    assert missing == [], "run `make messages` and translate these in locale/nb: " + repr(missing)
