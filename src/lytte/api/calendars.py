"""/calendars: business calendars (opening hours, holidays, half days). Every member of staff
reads them; admins change them in the admin site (decision 0038)."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router
from ninja.pagination import paginate

from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.schemas.calendars import CalendarOut, DayFilters, DayOut, clock
from lytte.api.schemas.common import ERRORS, Id
from lytte.sla.models import Calendar
from lytte.sla.selectors import calendars, days_in_year

router = Router(tags=["calendars"])
PERMISSION = "sla.view_calendar"


@router.get("", response={200: list[CalendarOut], **ERRORS})
@paginate(Pagination)
def list_calendars(request: HttpRequest) -> QuerySet[Calendar]:
    require(request, PERMISSION)
    return calendars()


@router.get("/{calendar_id}", response={200: CalendarOut, **ERRORS})
def get_calendar(request: HttpRequest, calendar_id: Id) -> Calendar:
    require(request, PERMISSION)
    return get_object_or_404(calendars(), pk=calendar_id)


@router.get("/{calendar_id}/days", response={200: list[DayOut], **ERRORS})
def list_days(
    request: HttpRequest, calendar_id: Id, filters: Query[DayFilters]
) -> list[dict[str, Any]]:
    """The year's dates whose hours differ from the calendar's week: public holidays, the
    country's eves and the calendar's own days, named in the request's language."""
    require(request, PERMISSION)
    calendar = get_object_or_404(calendars(), pk=calendar_id)
    return [
        {
            "date": day.date,
            "name": day.name,
            "source": day.source,
            "hours": [{"opens": clock(s), "closes": clock(e)} for s, e in day.windows],
        }
        for day in days_in_year(calendar, filters.year)
    ]
