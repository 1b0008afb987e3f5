from __future__ import annotations

from lytte.cases.models import ContactReason


def reason(code: str) -> ContactReason:
    """A seeded reason (the data migration puts the DESIGN.md taxonomy in every database)."""
    return ContactReason.objects.get(code=code)
