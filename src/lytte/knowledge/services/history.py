"""A translation's history: what changed between two revisions, and restoring an old one (as a
new version, so the history only grows and a restore can itself be undone)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.knowledge.models import Revision, Translation


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "ins", "del" or "gap" (unchanged lines left out)
    text: str
    old_number: int | None = None
    new_number: int | None = None


def diff_lines(old: str, new: str, *, context: int = 3) -> list[DiffLine]:
    """A unified diff of two texts, line by line, with unchanged runs beyond `context` lines
    folded into one "gap" line; an empty list when they are the same."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    lines: list[DiffLine] = []
    for group in matcher.get_grouped_opcodes(context):
        if lines or group[0][1] > 0 or group[0][3] > 0:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [
                    DiffLine("same", old_lines[i], i + 1, j1 + (i - i1) + 1) for i in range(i1, i2)
                ]
                continue
            lines += [DiffLine("del", old_lines[i], old_number=i + 1) for i in range(i1, i2)]
            lines += [DiffLine("ins", new_lines[j], new_number=j + 1) for j in range(j1, j2)]
    if lines and lines[0].kind == "gap" and len(lines) > 1 and lines[1].old_number == 1:
        lines.pop(0)
    return lines


@dataclass(frozen=True)
class RevisionDiff:
    old: Revision
    new: Revision
    title_changed: bool
    body: list[DiffLine]


def diff(old: Revision, new: Revision) -> RevisionDiff:
    """What changed from `old` to `new` (two revisions of one translation)."""
    if old.translation_id != new.translation_id:
        raise ValueError("Revisions of different translations.")
    return RevisionDiff(old, new, old.title != new.title, diff_lines(old.body, new.body))


def restore(revision: Revision, *, by: User | None) -> Translation:
    """Make the revision's title and body the translation's text again: a new version."""
    from lytte.knowledge.services.articles import save_translation

    translation = revision.translation
    return save_translation(
        article=translation.article,
        language=translation.language,
        title=revision.title,
        body=revision.body,
        by=by,
        note=_("Restored version %(version)s") % {"version": revision.version},
    )
