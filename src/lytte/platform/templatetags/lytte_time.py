"""How long ago and how long: "5 minutes ago" in every language, call durations as 12:05.

Our own strings rather than humanize's naturaltime: its Finnish catalogue glues number and unit
("2kuukautta"), and a queue needs only the largest unit ("3 days ago", not "3 days, 2 hours")."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

MINUTE, HOUR, DAY = 60, 60 * 60, 24 * 60 * 60


def _ago(seconds: int) -> str:
    if seconds < MINUTE:
        return _("just now")
    if seconds < HOUR:
        count = seconds // MINUTE
        return ngettext("%(num)d minute ago", "%(num)d minutes ago", count) % {"num": count}
    if seconds < DAY:
        count = seconds // HOUR
        return ngettext("%(num)d hour ago", "%(num)d hours ago", count) % {"num": count}
    if seconds < 30 * DAY:
        count = seconds // DAY
        return ngettext("%(num)d day ago", "%(num)d days ago", count) % {"num": count}
    if seconds < 365 * DAY:
        count = seconds // (30 * DAY)
        return ngettext("%(num)d month ago", "%(num)d months ago", count) % {"num": count}
    count = seconds // (365 * DAY)
    return ngettext("%(num)d year ago", "%(num)d years ago", count) % {"num": count}


@register.filter
def ago(value: datetime | None, now: datetime | None = None) -> str:
    """How long before `now` (the present) `value` was, in its largest whole unit."""
    if value is None:
        return ""
    elapsed = (now or timezone.now()) - value
    return _ago(max(int(elapsed.total_seconds()), 0))  # a clock a little ahead: "just now"


@register.filter
def clock(value: timedelta | None) -> str:
    """A duration as a clock shows it: 0:32, 12:05, 1:02:09 (whole seconds)."""
    if value is None:
        return ""
    minutes, seconds = divmod(int(value.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
