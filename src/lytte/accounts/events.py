"""Events of the staff side that other apps follow (the catalogue: decision 26)."""

from __future__ import annotations

from dataclasses import dataclass

from lytte.platform.events import DomainEvent


@dataclass(frozen=True)
class TeamRemoved(DomainEvent):
    """A team is being deleted: published inside the deleting transaction, before the delete, so
    a `within_transaction` subscriber still finds what the team's id names (its cases move to no
    team; rollup rows counted under it must be counted again)."""

    team_id: int
    name: str
