"""Tell every open desk that cases changed, through the Channels layer (Redis when scaled out),
so queue counts and lists refresh without a reload in every server process."""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

from lytte.cases.events import CaseChanged, CaseOpened, ContactLogged
from lytte.core.events import subscribe

DESK_GROUP = "desk"


def user_group(user_id: int) -> str:
    """One agent's desks (every tab they have open)."""
    return f"desk.user.{user_id}"


def _nobody_listens(layer: object) -> bool:
    """The in-memory layer reaches only this process's sockets: in a process with no desk open
    (a worker, the CLI) nobody can hear, and not sending saves an event loop per event."""
    return isinstance(layer, InMemoryChannelLayer) and not layer.groups.get(DESK_GROUP)


def _announce(case_id: int, what: str) -> None:
    layer = get_channel_layer()
    if layer is not None and not _nobody_listens(layer):
        async_to_sync(layer.group_send)(
            DESK_GROUP, {"type": "desk.changed", "case": case_id, "what": what}
        )


@subscribe(CaseOpened)
def case_opened(event: CaseOpened) -> None:
    _announce(event.case_id, "opened")


@subscribe(CaseChanged)
def case_changed(event: CaseChanged) -> None:
    _announce(event.case_id, "changed")


@subscribe(ContactLogged)
def contact_logged(event: ContactLogged) -> None:
    _announce(event.case_id, "contact")
