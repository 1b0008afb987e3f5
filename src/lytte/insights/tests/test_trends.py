"""Trend alerts on generated series: a planted spike is found; flat noise raises nothing."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from lytte.accounts.models import Team
from lytte.cases.models import ContactReason
from lytte.customers.services import create_organization
from lytte.insights.models import ContactDay, OrganizationDay, TrendAlert
from lytte.insights.trends import detect, email_new_alerts, spike
from lytte.mail.tests.conftest import smtp_sink
from lytte.mail.tests.servers import SmtpSink

__all__ = ["smtp_sink"]

TODAY = date(2026, 11, 23)  # a Monday


def test_a_planted_spike_is_found_and_its_size_reported() -> None:
    found = spike(42, [10, 12, 9, 11, 13, 8, 10, 11])

    assert found is not None
    assert found.observed == 42
    assert 10 < found.expected < 11
    assert found.p_value < 1e-6


def test_flat_poisson_noise_raises_no_alert_in_a_thousand_series() -> None:
    rng = np.random.default_rng(3)
    false_alarms = 0
    for _series in range(1000):
        rate = rng.uniform(2, 60)
        baseline = list(rng.poisson(rate, 8))
        false_alarms += spike(int(rng.poisson(rate)), baseline) is not None

    assert false_alarms <= 2  # p < 0.001 per series, by design


def test_small_numbers_are_never_a_trend() -> None:
    assert spike(4, [0, 0, 0, 0, 0, 0, 0, 0]) is None  # under the minimum count
    assert spike(6, [5, 4, 6, 5, 5, 4, 6, 5]) is None  # not 1.5 times the usual


def test_detect_finds_a_spike_by_reason_channel_and_organization_in_the_rollups(
    team_oslo: Team,
) -> None:
    rng = random.Random(5)
    invoice = ContactReason.objects.get(code="invoice")
    delivery = ContactReason.objects.get(code="delivery")
    fjord = create_organization(name="Fjordkraft AS")
    rows, org_rows = [], []
    for back in range(0, 8 * 7 + 7):
        day = TODAY - timedelta(days=back)
        for reason in (invoice, delivery):
            usual = rng.randint(8, 12)
            extra = 40 if (reason == invoice and back == 0) else 0  # today's invoice spike
            rows.append(
                ContactDay(
                    day=day, reason=reason, channel="phone", team=team_oslo, contacts=usual + extra
                )
            )
            rows.append(
                ContactDay(
                    day=day,
                    reason=reason,
                    channel="email",
                    team=team_oslo,
                    contacts=rng.randint(3, 6),
                )
            )
            org_rows.append(
                OrganizationDay(day=day, organization=fjord, reason=reason, contacts=usual + extra)
            )
    ContactDay.objects.bulk_create(rows)
    OrganizationDay.objects.bulk_create(org_rows)

    detect(TODAY)
    detect(TODAY)  # again: the same alerts, not new ones

    alerts = {
        (a.period, a.kind, a.reason.code, a.channel, a.organization_id)
        for a in TrendAlert.objects.all()
    }
    assert ("day", "reason", "invoice", "", None) in alerts
    assert ("day", "channel", "invoice", "phone", None) in alerts
    assert ("day", "organization", "invoice", "", fjord.pk) in alerts
    assert not any(code == "delivery" for _p, _k, code, _c, _o in alerts)
    assert ("day", "channel", "invoice", "email", None) not in alerts
    assert TrendAlert.objects.count() == len(alerts)


def test_new_alerts_are_emailed_once_when_addresses_are_set(
    team_oslo: Team, smtp_sink: SmtpSink, settings: object
) -> None:
    settings.SMTP_URL = smtp_sink.url  # type: ignore[attr-defined]
    settings.INSIGHTS_ALERT_EMAILS = ["leder@lytte.test"]  # type: ignore[attr-defined]
    invoice = ContactReason.objects.get(code="invoice")
    TrendAlert.objects.create(
        period="day",
        start=TODAY,
        kind="reason",
        series="x",
        reason=invoice,
        observed=42,
        expected=10.2,
        p_value=1e-9,
    )

    assert email_new_alerts() == 1
    assert email_new_alerts() == 0  # sent already

    [mail] = smtp_sink.wait_for(1)
    assert mail.rcpt_tos == ["leder@lytte.test"]
    assert "42" in mail.message.get_content()
    assert mail.message["Auto-Submitted"] == "auto-generated"


def test_without_addresses_nothing_is_sent(db: None) -> None:
    assert email_new_alerts() == 0
