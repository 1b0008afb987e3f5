"""When a widget's chat is open, in the chat app's own terms (decision 0041). A widget with a
calendar (`ChatWidget.calendar`, a business calendar of the service levels) is open by it, and
shows its week and its coming holidays and eves; the service levels are read through their one
public selector (`lytte.sla.selectors.opening`), nothing else of them. A widget with no calendar
keeps its text hours (`lytte.chat.hours`, the form before calendars)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lytte.chat import hours
from lytte.chat.models import ChatWidget
from lytte.sla.selectors import opening


@dataclass(frozen=True)
class Hours:
    open_now: bool
    week: list[str] = field(default_factory=list)  # lines to show: "man.-fre. 08:00-16:00"
    days: list[str] = field(default_factory=list)  # coming days that differ, named


def widget_hours(widget: ChatWidget, now: datetime) -> Hours:
    if widget.calendar_id is not None:
        found = opening(widget.calendar_id, now)
        if found is not None:
            return Hours(found.open_now, found.week, found.days)
    return Hours(hours.is_open(widget.opening_hours, now), hours.describe(widget.opening_hours))
