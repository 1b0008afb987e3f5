"""CSAT on /insights/ by reason, channel and team, with the response rate."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, ContactReason
from lytte.customers.services import create_customer
from lytte.feedback.models import SurveyRules
from lytte.feedback.rollups import refresh_stale
from lytte.feedback.selectors import csat_by
from lytte.feedback.services import answer
from lytte.feedback.tests.conftest import email_case, resolved_and_sent

pytestmark = pytest.mark.django_db


def test_csat_by_reason_channel_and_team_with_the_response_rate(
    karis_case: Case, reason: ContactReason, team_oslo: Team, supervisor: User, client: Client
) -> None:
    SurveyRules.objects.update(quarantine_days=0)
    answer(survey=resolved_and_sent(karis_case, reason), score=5)
    ola = create_customer(name="Ola Hansen", emails=["ola@example.no"], language="nb")
    answer(survey=resolved_and_sent(email_case(ola, team_oslo), reason), score=2)
    liisa = create_customer(name="Liisa Virtanen", emails=["liisa@example.fi"], language="fi")
    resolved_and_sent(email_case(liisa, team_oslo), reason)  # not answered
    assert refresh_stale() == 1  # the sending and the answers marked today

    today = timezone.localdate()
    [row] = csat_by("reason", today, today)
    assert (row.label, row.sent, row.answered, row.satisfied) == ("Billing", 3, 2, 1)
    assert row.average == 3.5
    assert csat_by("team", today, today)[0].label == team_oslo.name

    client.force_login(supervisor)
    period = {"from": today.isoformat(), "to": today.isoformat()}
    page = client.get(reverse("insights:director"), period).content.decode()
    table = re.search(r'<table class="data" id="csat-reason">.*?</table>', page, re.S)
    assert table is not None
    cells = re.findall(r"<td>(.*?)</td>", table.group(0))
    assert cells == ["3", "2", "67 %", "50 %", "3.5"]
    assert '<th scope="row">Billing</th>' in table.group(0)
    assert 'id="csat-channel"' in page
    assert 'id="csat-team"' in page
