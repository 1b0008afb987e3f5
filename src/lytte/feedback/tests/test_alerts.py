"""Satisfaction falling on a reason raises a trend alert (issue 17), found as the reasons'
volume spikes are, and shown in the same "Rising now" list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import ContactReason
from lytte.feedback.alerts import detect_drops
from lytte.feedback.tests.reporting import scored
from lytte.insights.models import TrendAlert
from lytte.insights.trends import _alert_line, spike

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing(db: None) -> ContactReason:
    return ContactReason.objects.create(code="billing", name="Billing", name_nb="Faktura")


def weeks_of_answers(reason: ContactReason, *, answers: int, unhappy: int, weeks: range) -> None:
    now = timezone.now()
    for week in weeks:
        for n in range(answers):
            scored(2 if n < unhappy else 5, reason=reason, sent_at=now - timedelta(weeks=week))


def test_the_spike_test_weighs_each_period_by_its_exposure() -> None:
    assert spike(8, [1] * 8) == spike(8, [1] * 8, share=1 / 9)  # the same when periods weigh alike
    assert spike(8, [1] * 8, share=0.5) is None  # as many answers now as in all eight weeks
    found = spike(8, [1] * 8, share=0.1)
    assert found is not None
    assert found.expected == pytest.approx(8 / 9)


def test_more_unhappy_answers_of_as_many_raise_an_alert(
    billing: ContactReason, client: Client, supervisor: User
) -> None:
    weeks_of_answers(billing, answers=10, unhappy=1, weeks=range(1, 9))
    weeks_of_answers(billing, answers=10, unhappy=8, weeks=range(0, 1))
    [alert] = detect_drops()
    assert (alert.kind, alert.reason, alert.period) == ("csat", billing, "week")
    assert (alert.observed, alert.expected) == (8, 1.0)
    assert detect_drops()
    assert TrendAlert.objects.count() == 1
    assert _alert_line(alert) == "Billing: 8 unhappy answers this week, usually 1."

    client.force_login(supervisor)
    page = client.get(reverse("insights:director")).content.decode()
    assert 'class="alert-csat"' in page
    assert "8 unhappy answers this week, usually 1" in page
    assert f"{reverse('insights:feedback')}?from=" in page
    feedback = client.get(reverse("insights:feedback")).content.decode()
    assert 'id="feedback-alerts"' in feedback


def test_a_busy_week_with_as_many_unhappy_per_answer_is_no_alert(billing: ContactReason) -> None:
    weeks_of_answers(billing, answers=10, unhappy=1, weeks=range(1, 9))
    weeks_of_answers(billing, answers=60, unhappy=6, weeks=range(0, 1))
    assert detect_drops() == []
