"""/calls: the call log the PBX builds through the CTI webhook, read-only, with the filters of
the desk's call log (the same selector answers both)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.schemas.calls import CallFilters, CallOut
from lytte.api.schemas.common import ERRORS
from lytte.phone import selectors
from lytte.phone.models import Call

router = Router(tags=["calls"])


# Agents hold no phone permission: whoever may read contacts (agents and up) reads calls, which
# become contacts once answered; a call on a case follows its case (decision 19).
READ_CALLS = "cases.view_contact"


@router.get("", response={200: list[CallOut], **ERRORS}, by_alias=True)
@paginate(Pagination)
def list_calls(request: HttpRequest, filters: Query[CallFilters]) -> QuerySet[Call]:
    """Newest first. `since` and `until` are days in the site's time zone, both included;
    `waiting` is the call-back list: missed calls nobody has marked as called back."""
    user = require(request, READ_CALLS)
    return selectors.filtered_calls(
        selectors.CallFilters(
            missed=filters.missed,
            waiting=filters.waiting,
            team=filters.team,
            queue=filters.queue.strip(),
            agent=filters.agent,
            direction=filters.direction or "",
            since=filters.since,
            until=filters.until,
        ),
        user,
    )
