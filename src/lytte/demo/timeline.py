"""When demo contacts happen: over the last 90 days, mostly on weekdays, calls and chats in
opening hours, emails and forms around the clock but mostly by day; agents answer at work."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from itertools import accumulate
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings

from lytte.cases.models import Channel

DAYS = 90
OUTAGE_HOURS = 6
OPENS, CLOSES = 8, 16  # the phone lines' opening hours; agents work these too
# Monday is the busiest day; the weekend is quiet.
WEEKDAY_WEIGHTS = (1.35, 1.15, 1.05, 1.0, 0.85, 0.3, 0.2)

_PHONE_WEEKDAY: dict[int, float] = {8: 7, 9: 10, 10: 10, 11: 9, 12: 7, 13: 8, 14: 8, 15: 6}
_PHONE_WEEKEND: dict[int, float] = {10: 3, 11: 3, 12: 2, 13: 2, 14: 1}
_CHAT_WEEKDAY: dict[int, float] = {**_PHONE_WEEKDAY, 16: 5, 17: 4, 18: 3, 19: 3}
_WRITTEN_WEEKDAY: dict[int, float] = dict(
    enumerate(
        (
            0.3,
            0.15,
            0.1,
            0.1,
            0.15,
            0.4,
            1,
            3,
            6,
            8,
            8,
            7.5,
            6,
            7,
            6.5,
            6,
            5,
            4,
            3.5,
            4,
            4,
            3,
            1.5,
            0.7,
        )
    )
)
_WRITTEN_WEEKEND: dict[int, float] = dict(
    enumerate(
        (
            0.3,
            0.2,
            0.1,
            0.1,
            0.1,
            0.2,
            0.4,
            0.8,
            1.5,
            2.5,
            3,
            3,
            3,
            3,
            3,
            3,
            3,
            3,
            3,
            3.5,
            3.5,
            3,
            1.5,
            0.7,
        )
    )
)
HOURS: dict[tuple[str, bool], dict[int, float]] = {
    (Channel.PHONE, False): _PHONE_WEEKDAY,
    (Channel.PHONE, True): _PHONE_WEEKEND,
    (Channel.CHAT, False): _CHAT_WEEKDAY,
    (Channel.CHAT, True): _PHONE_WEEKEND,
}


class Opening(NamedTuple):
    """When a demo case was opened, how many days before today, on which channel, and whether
    it is one of today's outage cases."""

    at: datetime
    days_ago: int
    channel: str
    outage: bool = False


class CaseClock:
    """Draws the moments contacts happen at, relative to `now`, in the site's time zone."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.zone = ZoneInfo(settings.TIME_ZONE)
        today = now.astimezone(self.zone).date()
        self._midnights = [
            datetime.combine(today - timedelta(days=ago), time(0), tzinfo=self.zone)
            for ago in range(DAYS)
        ]
        # A slow growth in contacts over the quarter, so trends have a direction.
        day_weights = [
            WEEKDAY_WEIGHTS[m.weekday()] * (1.0 + 0.003 * (DAYS - ago))
            for ago, m in enumerate(self._midnights)
        ]
        self._days = list(accumulate(day_weights))
        self._hours: dict[tuple[str, bool], tuple[list[int], list[float]]] = {}
        for weekend in (False, True):
            written = _WRITTEN_WEEKEND if weekend else _WRITTEN_WEEKDAY
            for channel in Channel.values:
                table = HOURS.get((channel, weekend), written)
                self._hours[channel, weekend] = (list(table), list(accumulate(table.values())))

    def days_ago(self, count: int) -> list[int]:
        return self.rng.choices(range(DAYS), cum_weights=self._days, k=count)

    def opened_at(self, days_ago: int, channel: str) -> datetime:
        """A moment on that day when a customer would get in touch on `channel` (never later
        than now)."""
        midnight = self._midnights[days_ago]
        hours, weights = self._hours[channel, midnight.weekday() >= 5]
        for _attempt in range(20):
            hour = self.rng.choices(hours, cum_weights=weights)[0]
            moment = midnight + timedelta(hours=hour, seconds=self.rng.randrange(3600))
            if moment < self.now:
                return moment
        return self.now - timedelta(minutes=self.rng.randrange(1, 60))

    def outage_moment(self) -> datetime:
        """A moment today, in the last OUTAGE_HOURS before now (or since midnight, if that is
        later): when the trouble customers call about began."""
        start = max(self._midnights[0], self.now - timedelta(hours=OUTAGE_HOURS))
        return start + (self.now - start) * self.rng.random()

    def at_work(self, moment: datetime) -> datetime:
        """The first moment from `moment` on that an agent is at work (weekdays, 8-16)."""
        local = moment.astimezone(self.zone)
        if local.weekday() < 5 and OPENS <= local.hour < CLOSES:
            return local
        day = local.date() + timedelta(days=1) if local.hour >= CLOSES else local.date()
        while day.weekday() >= 5:
            day += timedelta(days=1)
        start = datetime.combine(day, time(OPENS), tzinfo=self.zone)
        return start + timedelta(seconds=self.rng.randrange(90 * 60))
