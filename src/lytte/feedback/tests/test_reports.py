"""The feedback page's figures (issue 17): by reason, channel, team, agent and organization,
per week, the comment search and themes, the export, and the page itself."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, ContactReason
from lytte.customers.services import create_organization
from lytte.feedback import reports
from lytte.feedback.comments import comment_terms
from lytte.feedback.models import CommentTerm, Survey
from lytte.feedback.services.forget import forget_customer
from lytte.feedback.tests.reporting import answered, rolled_up, scored, sent_survey
from lytte.insights.dashboard import Filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing(db: None) -> ContactReason:
    return ContactReason.objects.create(code="billing", name="Billing", name_nb="Faktura")


@pytest.fixture
def delivery(db: None) -> ContactReason:
    return ContactReason.objects.create(code="late-parcel", name="Delivery", name_nb="Levering")


def today() -> Filters:
    day = timezone.localdate()
    return Filters(day, day)


def test_figures_by_every_dimension_count_in_the_database(
    billing: ContactReason, delivery: ContactReason, team_oslo: Team, agent: User
) -> None:
    fjordkraft = create_organization(name="Fjordkraft AS")
    scored(5, reason=billing, team=team_oslo, agent=agent, organization=fjordkraft)
    scored(4, reason=billing, team=team_oslo, agent=agent)
    scored(1, reason=billing, channel=Channel.PHONE, organization=fjordkraft)
    scored(None, reason=delivery, team=team_oslo)  # sent, not answered
    rolled_up()

    [billing_row, delivery_row] = reports.figures_by("reason", today())
    assert (billing_row.label, billing_row.sent, billing_row.answered) == ("Billing", 3, 3)
    assert (billing_row.good, billing_row.bad, billing_row.score) == (2, 1, 2 / 3)
    assert billing_row.response_rate == 1
    assert delivery_row.response_rate == 0
    assert delivery_row.score is None
    assert delivery_row.score_percent == "\u2013"

    agents = {row.label: (row.sent, row.good) for row in reports.figures_by("agent", today())}
    assert agents == {"Ingrid Bråten": (2, 2), "None": (2, 0)}
    organizations = {row.label: row.answered for row in reports.figures_by("organization", today())}
    assert organizations == {"Fjordkraft AS": 2, "None": 1}
    channels = {row.label: row.sent for row in reports.figures_by("channel", today())}
    assert channels == {"Email": 3, "Phone": 1}
    assert reports.figures_by("team", today())[0].label == team_oslo.name

    total = reports.total(today())
    assert (total.sent, total.answered, total.average) == (4, 3, pytest.approx(10 / 3))
    narrowed = Filters(today().start, today().end, organization=fjordkraft.pk)
    assert reports.total(narrowed).sent == 2


def test_the_weeks_and_a_period_count_surveys_by_when_they_were_sent(
    billing: ContactReason,
) -> None:
    now = timezone.now()
    scored(5, reason=billing, sent_at=now - timedelta(weeks=2))
    scored(2, reason=billing, sent_at=now - timedelta(weeks=2))
    scored(4, reason=billing, sent_at=now)
    rolled_up()
    day = timezone.localdate()
    weeks = reports.weekly(Filters(day - timedelta(weeks=3), day))
    assert [(week.sent, week.good) for week in weeks] == [(2, 1), (1, 1)]
    assert weeks[1].key == day - timedelta(days=day.weekday())
    assert reports.total(today()).sent == 1


def test_a_comment_is_found_in_another_form_of_its_words(billing: ContactReason) -> None:
    answered(2, "Fakturaen var feil, og ingen svarte meg.", reason=billing)
    answered(5, "Rask og hyggelig hjelp!", reason=billing)
    answered(1, "Laskussa oli virhe.", reason=billing, language="fi")

    assert [s.comment for s in reports.comments(today(), "faktura")] == [
        "Fakturaen var feil, og ingen svarte meg."
    ]
    assert [s.comment for s in reports.comments(today(), "fakturaer feil")] == [
        "Fakturaen var feil, og ingen svarte meg."
    ]
    assert reports.comments(today(), "fakturaen hyggelig").count() == 0
    assert [s.language for s in reports.comments(today(), "laskussa")] == ["fi"]
    assert reports.comments(today()).count() == 3


def test_stop_words_and_short_words_are_not_stored() -> None:
    assert comment_terms("Det var ikke bra at jeg måtte vente i 40 minutter", "nb") == {
        "bra": "bra",
        "matt": "måtte",
        "vent": "vente",
        "minutt": "minutter",
    }


def test_themes_are_the_words_most_comments_use_per_reason_and_language(
    billing: ContactReason, delivery: ContactReason
) -> None:
    for comment in ("Fakturaen kom for sent", "Feil på fakturaen", "Faktura med feil beløp"):
        answered(2, comment, reason=billing)
    answered(3, "Pakken kom for sent", reason=delivery)
    answered(3, "Sent levert pakke", reason=delivery)
    answered(3, "Late parcel", reason=delivery, language="en")

    themes = {(t.reason, t.language): t.words for t in reports.themes(today())}
    assert themes[("Billing", "nb")][:2] == [("faktura", 3), ("feil", 2)]
    assert ("pakke", 2) in themes[("Delivery", "nb")]
    assert ("Delivery", "en") not in themes  # one comment: no theme yet


def test_erasure_and_retention_take_the_stored_words_with_the_comment(
    billing: ContactReason,
) -> None:
    from lytte.customers.services import create_customer

    kari = create_customer(name="Kari Nordmann", emails=["kari@example.no"])
    survey = answered(2, "Fakturaen var feil", reason=billing)
    Survey.objects.filter(pk=survey.pk).update(customer=kari)
    assert CommentTerm.objects.filter(survey=survey).exists()
    forget_customer(kari)
    assert not CommentTerm.objects.filter(survey=survey).exists()
    assert Survey.objects.get(pk=survey.pk).score == 2


def test_a_changed_comment_replaces_its_words(billing: ContactReason) -> None:
    from django.test import TestCase

    from lytte.feedback.services import answer

    survey = answered(4, "Treg levering", reason=billing)
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer(survey=survey, score=4, comment="Hyggelig kundeservice")
    words = set(CommentTerm.objects.filter(survey=survey).values_list("word", flat=True))
    assert words == {"hyggelig", "kundeservice"}


def test_the_page_shows_the_figures_comments_and_themes(
    client: Client, supervisor: User, billing: ContactReason, team_oslo: Team
) -> None:
    first = answered(2, "Fakturaen var feil", reason=billing, team=team_oslo)
    answered(5, "Fakturaen var riktig", reason=billing, team=team_oslo)
    sent_survey(reason=billing, team=team_oslo)
    rolled_up()
    client.force_login(supervisor)
    page = client.get(reverse("insights:feedback")).content.decode()
    assert 'id="feedback-no-comments"' in page  # the default period: the twelve weeks before
    day = timezone.localdate().isoformat()
    response = client.get(reverse("insights:feedback"), {"from": day, "to": day, "q": "feil"})
    assert response.status_code == 200
    page = response.content.decode()
    table = re.search(r'<table class="data" id="feedback-reason">.*?</table>', page, re.S)
    assert table is not None
    assert re.findall(r"<td>(.*?)</td>", table.group(0)) == [
        "3",
        "2",
        "66.6\xa0%",
        "50.0\xa0%",
        "3.5",
    ]
    for dimension in ("channel", "team", "agent", "organization", "weeks"):
        assert f'id="feedback-{dimension}"' in page
    comments = re.search(r'id="feedback-comments">.*?</ul>', page, re.S)
    assert comments is not None
    assert "Fakturaen var feil" in comments.group(0)
    assert "riktig" not in comments.group(0)
    assert reverse("desk:case", args=[first.case.number]) in comments.group(0)
    assert '<span class="reason">Billing</span>' in comments.group(0)
    assert re.search(r'id="feedback-themes".*>fakturaen</a>', page, re.S)


def test_bad_filters_answer_400_and_an_agent_403(
    client: Client, supervisor: User, agent: User
) -> None:
    client.force_login(agent)
    assert client.get(reverse("insights:feedback")).status_code == 403
    client.force_login(supervisor)
    assert client.get(reverse("insights:feedback"), {"from": "nonsense"}).status_code == 400
    assert client.get(reverse("insights:feedback"), {"q": "a\x00b" * 80}).status_code == 200
    export = reverse("insights:feedback-export", args=["pdf"])
    assert client.get(export).status_code == 404
    csv_url = reverse("insights:feedback-export", args=["csv"])
    assert client.get(csv_url, {"from": "2026-02-30"}).status_code == 400


def test_the_answers_export_as_csv_and_xlsx(
    client: Client, supervisor: User, billing: ContactReason, agent: User
) -> None:
    survey = answered(2, "Fakturaen var feil", reason=billing, agent=agent)
    sent_survey(reason=billing)  # not answered: not a row
    client.force_login(supervisor)
    day = timezone.localdate().isoformat()
    period = {"from": day, "to": day}
    response = client.get(reverse("insights:feedback-export", args=["csv"]), period)
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == reports.EXPORT_COLUMNS
    assert len(rows) == 2
    assert rows[1][0] == str(survey.case.number)
    assert rows[1][3:8] == ["2", "Billing", "Email", "", "Ingrid Bråten"]
    assert rows[1][10] == "Fakturaen var feil"

    response = client.get(reverse("insights:feedback-export", args=["xlsx"]), period)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = list(sheet.values)
    assert list(values[0]) == reports.EXPORT_COLUMNS
    assert values[1][3] == 2


def test_retention_takes_the_stored_words_with_an_old_comment(billing: ContactReason) -> None:
    from lytte.privacy.services.retention import run_retention

    old = answered(2, "Fakturaen var feil", reason=billing)
    new = answered(2, "Fakturaen var feil", reason=billing)
    Survey.objects.filter(pk=old.pk).update(answered_at=timezone.now() - timedelta(days=800))
    run_retention(dry_run=False)
    assert not CommentTerm.objects.filter(survey=old).exists()
    assert CommentTerm.objects.filter(survey=new).exists()


def test_a_sent_survey_keeps_the_cases_organization(
    karis_case: Case, reason: ContactReason
) -> None:
    from lytte.feedback.tests.conftest import resolved_and_sent

    fjordkraft = create_organization(name="Fjordkraft AS")
    Case.objects.filter(pk=karis_case.pk).update(organization=fjordkraft)
    karis_case.refresh_from_db()
    assert resolved_and_sent(karis_case, reason).organization == fjordkraft
