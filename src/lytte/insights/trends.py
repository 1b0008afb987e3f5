"""Trend alerts: a reason whose volume today (or this week) is far above its own baseline.

Method: a one-sided exact test of two Poisson counts against a seasonal baseline. Today is
compared with the same weekday of the eight weeks before (Mondays with Mondays: contact volume
follows the week); this week so far with the same days of the eight weeks before. The
expected count is the baseline's mean. An alert needs all of: at least `min_count` contacts,
at least 1.5 times the expected count, and a tail probability below `p_value` (0.001: with
some forty series a day, a false alarm every few weeks at most, not every day); see `spike`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from email import policy
from email.message import EmailMessage
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from scipy.stats import binom

from lytte.insights.models import ContactDay, OrganizationDay, TrendAlert
from lytte.mail import smtp

BASELINE_WEEKS = 8
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spike:
    observed: int
    expected: float
    p_value: float


def spike(
    observed: int,
    baseline: Sequence[float],
    *,
    min_count: int = 5,
    p_value: float = 0.001,
    share: float | None = None,
) -> Spike | None:
    """`observed` against the counts of the same period before; a Spike when significantly
    above. The test is the exact conditional one for two Poisson counts: given the total of
    now and the baseline, now's share is binomial with p = 1 / (periods + 1) when nothing
    changed; so an uncertain baseline (few or small counts) raises no false alarm. `share` is
    now's part of the exposure when the periods differ in it (unhappy answers out of more or
    fewer answers: feedback.alerts); by default every period weighs the same."""
    if not baseline or observed < min_count:
        return None
    share = 1 / (len(baseline) + 1) if share is None else share
    if not 0 < share < 1:
        return None
    expected = max(sum(baseline) * share / (1 - share), 0.5)
    if observed < 1.5 * expected:
        return None
    total = observed + round(sum(baseline))
    probability = float(binom.sf(observed - 1, total, share))
    return Spike(observed, expected, probability) if probability < p_value else None


def _series(
    rows: Sequence[tuple[date, tuple[object, ...], int]],
    days: list[date],
    periods: list[list[date]],
) -> dict[tuple[object, ...], tuple[int, list[int]]]:
    """(key) → (count in `days`, [count in each baseline period])."""
    by_day: dict[tuple[object, ...], dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for day, key, n in rows:
        by_day[key][day] += n
    return {
        key: (sum(counts[d] for d in days), [sum(counts[d] for d in period) for period in periods])
        for key, counts in by_day.items()
    }


def detect(today: date | None = None) -> list[TrendAlert]:
    """Look for spikes today and this week: by reason, by reason and channel, and by reason and
    organization; record new ones (and update the figures of those already raised)."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    windows = {
        TrendAlert.Period.DAY: (
            [today],
            [[today - timedelta(weeks=w)] for w in range(1, BASELINE_WEEKS + 1)],
        ),
        TrendAlert.Period.WEEK: (
            [monday + timedelta(days=n) for n in range(today.weekday() + 1)],
            [
                [
                    monday - timedelta(weeks=w) + timedelta(days=n)
                    for n in range(today.weekday() + 1)
                ]
                for w in range(1, BASELINE_WEEKS + 1)
            ],
        ),
    }
    first_day = today - timedelta(weeks=BASELINE_WEEKS, days=7)
    by_channel = list(
        ContactDay.objects.filter(day__gte=first_day, day__lte=today, reason__isnull=False)
        .values_list("day", "reason_id", "channel")
        .annotate(n=Sum("contacts"))
        .values_list("day", "reason_id", "channel", "n")
    )
    by_organization = list(
        OrganizationDay.objects.filter(
            day__gte=first_day, day__lte=today, reason__isnull=False
        ).values_list("day", "reason_id", "organization_id", "contacts")
    )
    raised = []
    for period, (days, periods) in windows.items():
        series: dict[tuple[str, Any, Any, Any], tuple[int, list[int]]] = {
            **{
                ("reason", r, "", None): v
                for (r,), v in _series(
                    [(d, (r,), n) for d, r, _c, n in by_channel], days, periods
                ).items()
            },
            **{
                ("channel", r, c, None): v
                for (r, c), v in _series(
                    [(d, (r, c), n) for d, r, c, n in by_channel], days, periods
                ).items()
            },
            **{
                ("organization", r, "", o): v
                for (r, o), v in _series(
                    [(d, (r, o), n) for d, r, o, n in by_organization], days, periods
                ).items()
            },
        }
        for (kind, reason, channel, organization), (observed, baseline) in series.items():
            found = spike(observed, baseline)
            if found is not None:
                raised.append(_record(period, days[0], kind, reason, channel, organization, found))
    return raised


@transaction.atomic
def _record(
    period: str,
    start: date,
    kind: str,
    reason: int,
    channel: str,
    organization: int | None,
    found: Spike,
) -> TrendAlert:
    alert, _created = TrendAlert.objects.update_or_create(
        period=period,
        start=start,
        series=f"{kind}:{reason}:{channel}:{organization or ''}",
        defaults={
            "kind": kind,
            "reason_id": reason,
            "channel": channel,
            "organization_id": organization,
            "observed": found.observed,
            "expected": round(found.expected, 2),
            "p_value": found.p_value,
        },
    )
    return alert


def email_new_alerts() -> int:
    """Send alerts not sent yet to LYTTE_INSIGHTS_ALERT_EMAILS (none set: none sent), one
    message for all of them; returns how many alerts it told of."""
    recipients = settings.INSIGHTS_ALERT_EMAILS
    if not recipients:
        return 0
    pending = list(
        TrendAlert.objects.filter(emailed_at__isnull=True).select_related("reason", "organization")
    )
    if not pending:
        return 0
    message = EmailMessage()
    message["From"] = settings.INSIGHTS_ALERT_FROM
    message["To"] = ", ".join(recipients)
    message["Subject"] = _("Lytte: %(count)s reason(s) rising") % {"count": len(pending)}
    message["Auto-Submitted"] = "auto-generated"
    lines = [_alert_line(alert) for alert in pending]
    message.set_content("\n".join(lines) + "\n")
    try:
        smtp.send(
            raw=message.as_bytes(policy=policy.SMTP),
            sender=settings.INSIGHTS_ALERT_FROM,
            recipients=recipients,
        )
    except (smtp.TemporaryFailure, smtp.PermanentFailure):
        logger.warning("Trend alerts could not be emailed", exc_info=True)
        return 0  # tried again on the next round
    TrendAlert.objects.filter(pk__in=[alert.pk for alert in pending]).update(
        emailed_at=timezone.now()
    )
    return len(pending)


def _alert_line(alert: TrendAlert) -> str:
    facts = {
        "reason": alert.reason,
        "observed": alert.observed,
        "period": alert.get_period_display(),
        "expected": round(alert.expected),
    }
    if alert.kind == TrendAlert.CSAT:  # satisfaction falling (feedback.alerts)
        return (
            _("%(reason)s: %(observed)s unhappy answers %(period)s, usually %(expected)s.") % facts
        )
    where = f" ({alert.channel or alert.organization})" if alert.kind != "reason" else ""
    return _("%(reason)s%(where)s: %(observed)s contacts %(period)s, usually %(expected)s.") % {
        **facts,
        "where": where,
    }
