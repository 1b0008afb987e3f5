"""The survey rollups (decision 50) equal a recount of the surveys: after answers, changed
answers, an erasure and a rebuild; every period is counted once from months, weeks and days;
the feedback page shows the NPS; the comments' words can be stored again by a command."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.accounts.services import remove_team
from lytte.cases.models import Channel, ContactReason
from lytte.customers.models import Organization
from lytte.customers.services import create_customer, create_organization
from lytte.feedback import figures, reports
from lytte.feedback.models import CommentTerm, NpsSurvey, StaleSurveyDay, Survey, SurveyDay
from lytte.feedback.nps_selectors import nps_overall
from lytte.feedback.rollups import KEYS, cover, local_day, mark_all_stale, refresh_stale
from lytte.feedback.services import answer
from lytte.feedback.services.nps import current_nps_question
from lytte.feedback.tests.reporting import answered, rolled_up, scored, sent_survey
from lytte.insights.dashboard import Filters
from lytte.privacy.services.erasure import erase_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing(db: None) -> ContactReason:
    return ContactReason.objects.create(code="billing", name="Billing", name_nb="Faktura")


def recount() -> dict[tuple[Any, ...], dict[str, int]]:
    """Every sent survey counted again, by kind, day and keys, as the rollup's day rows."""
    found: dict[tuple[Any, ...], dict[str, int]] = defaultdict(Counter)
    sent = Survey.objects.exclude(sent_at=None).values_list("sent_at", *KEYS, "score")
    nps = NpsSurvey.objects.exclude(sent_at=None).values_list("sent_at", "organization_id", "score")
    rows = [("csat", at, *keys, score) for at, *keys, score in sent]
    rows += [("nps", at, None, "", None, None, org, score) for at, org, score in nps]
    for kind, at, *keys, score in rows:
        into = found[(kind, local_day(at), *keys)]
        into["sent"] += 1
        if score is not None:
            into["answered"] += 1
            into["points"] += score
            into[f"score_{score}"] += 1
    return {key: dict(counts) for key, counts in found.items()}


def rolled() -> dict[tuple[Any, ...], dict[str, int]]:
    fields = ["sent", "answered", "points", *(f"score_{n}" for n in range(11))]
    finest = Q(kind="csat", grain=SurveyDay.Grain.FULL) | Q(kind="nps")
    rows = SurveyDay.objects.filter(finest, span="d").values("kind", "day", *KEYS, *fields)
    return {
        (row["kind"], row["day"], *(row[key] for key in KEYS)): {
            f: row[f] for f in fields if row[f]
        }
        for row in rows
    }


def test_answers_mark_their_sending_day_and_the_worker_counts_them(
    billing: ContactReason, team_oslo: Team, agent: User
) -> None:
    fjord = create_organization(name="Fjordkraft AS")
    answered(5, reason=billing, team=team_oslo, agent=agent, organization=fjord)
    answered(2, reason=billing, team=team_oslo, agent=agent)
    answered(4, reason=billing, channel=Channel.PHONE)
    assert StaleSurveyDay.objects.filter(day=timezone.localdate()).exists()
    assert refresh_stale() == 1
    assert not StaleSurveyDay.objects.exists()
    assert rolled() == recount()
    day = timezone.localdate()
    total = figures.total(Filters(day, day))
    assert (total.sent, total.answered, total.good, total.bad) == (3, 3, 2, 1)
    per_grain = SurveyDay.objects.values("grain", "span").annotate(
        sent=Sum("sent"), points=Sum("points")
    )
    assert {(row["sent"], row["points"]) for row in per_grain} == {(3, 11)}
    assert len(per_grain) == 12  # four grains, each as a day, a week and a month
    fjords = Filters(day, day, organization=fjord.pk)
    [ingrid] = figures.figures_by("agent", fjords)  # the finest grain: agent and organization
    assert (ingrid.label, ingrid.sent, ingrid.good) == ("Ingrid Bråten", 1, 1)
    assert [row.sent for row in figures.figures_by("agent", Filters(day, day))] == [2, 1]
    assert figures.tables(fjords, dimensions=("reason",))["reason"][0].sent == 1


def test_a_changed_answer_moves_from_its_old_score_to_its_new(billing: ContactReason) -> None:
    survey = answered(5, reason=billing)
    refresh_stale()
    answer(survey=survey, score=1, comment="Likevel ikke løst")  # within the window
    assert refresh_stale() == 1
    assert rolled() == recount()
    [row] = SurveyDay.objects.filter(span=SurveyDay.Span.DAY, grain=SurveyDay.Grain.FULL)
    assert (row.answered, row.score_5, row.score_1, row.points) == (1, 0, 1, 1)
    today = Filters(timezone.localdate(), timezone.localdate())
    assert (figures.total(today).good, figures.total(today).bad) == (0, 1)


def test_an_erased_customers_answer_stays_counted_as_an_anonymous_score(
    billing: ContactReason, supervisor: User
) -> None:
    """Decision 50: the answer is not the customer's personal data once its comment is gone;
    the figures are the same before and after, and equal to the surveys."""
    kari = create_customer(name="Kari Nordmann", emails=["kari@example.no"], language="nb")
    fjord = create_organization(name="Fjordkraft AS")
    survey = sent_survey(reason=billing, organization=fjord)
    Survey.objects.filter(pk=survey.pk).update(customer=kari)
    answer(survey=survey, score=2, comment="Kari her, fakturaen var feil")
    answered(4, reason=billing)
    refresh_stale()
    before = rolled()

    erase_customer(customer=kari, erased_by=supervisor, reason="Asked to be forgotten")

    assert StaleSurveyDay.objects.exists()  # their days are recounted, to be sure
    refresh_stale()
    assert rolled() == before == recount()
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (2, "")
    assert not {"customer", "comment"} & {field.name for field in SurveyDay._meta.get_fields()}


def test_rebuild_recounts_surveys_written_without_events_and_drops_stale_rows(
    billing: ContactReason,
) -> None:
    now = timezone.now()
    scored(5, reason=billing, sent_at=now - timedelta(days=40))
    scored(3, reason=billing, sent_at=now - timedelta(days=3))
    scored(None, reason=billing, sent_at=now)
    gone = timezone.localdate() - timedelta(days=90)
    SurveyDay.objects.create(kind="csat", day=gone, sent=7)  # a day whose surveys are gone
    NpsSurvey.objects.create(
        question=current_nps_question("nb"), language="nb", sent_at=now, score=9
    )
    assert rolled() != recount()

    call_command("feedback", "rebuild")

    assert rolled() == recount()
    assert not SurveyDay.objects.filter(day=gone).exists()
    assert nps_overall(timezone.localdate(), timezone.localdate()).promoters == 1


def _raw_total(start: date, end: date) -> tuple[int, int, int]:
    row = reports.scoped(Filters(start, end)).aggregate(
        sent=Count("pk"), answered=Count("score"), points=Sum("score")
    )
    return row["sent"], row["answered"], row["points"] or 0


def test_any_period_is_counted_once_from_its_months_weeks_and_days(
    billing: ContactReason, team_oslo: Team
) -> None:
    rng = random.Random(7)
    now = timezone.now()
    for _n in range(150):
        score = rng.choice([None, 1, 2, 3, 4, 5])
        scored(
            score,
            reason=billing,
            team=team_oslo,
            sent_at=now - timedelta(hours=rng.random() * 24 * 120),
        )
    rolled_up()
    today = timezone.localdate()
    periods = [(today - timedelta(days=119), today), (today.replace(day=1), today)]
    for _n in range(40):
        start = today - timedelta(days=rng.randrange(125))
        periods.append((start, start + timedelta(days=rng.randrange(100))))
    for start, end in periods:
        total = figures.total(Filters(start, end))
        points = round((total.average or 0) * total.answered)
        assert (total.sent, total.answered, points) == _raw_total(start, end), (start, end)
        weeks = figures.weekly(Filters(start, end))
        assert sum(week.sent for week in weeks) == total.sent
        for week in weeks:
            first, last = max(week.key, start), min(week.key + timedelta(days=6), end)  # type: ignore[operator]
            assert week.sent == _raw_total(first, last)[0]


def _spans(where: Q) -> list[str]:
    found: list[str] = []
    for child in where.children:
        if isinstance(child, Q):
            found += _spans(child)
        elif child[0] == "span":
            found.append(child[1])
    return found


def test_a_cover_takes_whole_months_then_whole_weeks_then_days() -> None:
    # 14 January (a Wednesday) to 9 April 2026: February and March whole; of January, the
    # week from Monday 19 and the days either side of it; of April, days (its week is cut).
    assert sorted(_spans(cover(date(2026, 1, 14), date(2026, 4, 9)))) == ["d", "d", "d", "m", "w"]
    assert _spans(cover(date(2026, 3, 2), date(2026, 3, 8))) == ["w", "d", "d"]
    assert _spans(cover(date(2026, 3, 3), date(2026, 3, 5))) == ["d"]


def test_a_removed_teams_days_are_counted_again_under_no_team(
    billing: ContactReason, team_oslo: Team, supervisor: User
) -> None:
    answered(4, reason=billing, team=team_oslo)
    refresh_stale()
    remove_team(team=team_oslo, removed_by=supervisor)
    assert refresh_stale() == 1
    assert rolled() == recount()
    assert not SurveyDay.objects.filter(team_id__isnull=False).exists()


def test_the_feedback_page_shows_the_nps_its_parts_and_its_weeks(
    client: Client, supervisor: User
) -> None:
    fjord = Organization.objects.create(name="Fjordkraft AS")
    question = current_nps_question("nb")
    for score, organization in [(10, fjord), (9, None), (7, None), (3, fjord), (None, None)]:
        NpsSurvey.objects.create(
            question=question,
            language="nb",
            sent_at=timezone.now(),
            score=score,
            organization=organization,
        )
    rolled_up()
    client.force_login(supervisor)
    day = timezone.localdate().isoformat()
    page = client.get(reverse("insights:feedback"), {"from": day, "to": day}).content.decode()
    section = re.search(r'id="feedback-nps".*?</section>', page, re.S)
    assert section is not None
    shown = dict(re.findall(r'data-figure="([a-z-]+)">(.*?)</span>', section.group(0)))
    assert shown == {
        "nps": "25",  # (2 promoters - 1 detractor) / 4 answers
        "promoters": "2",
        "passives": "1",
        "detractors": "1",
        "nps-response-rate": "80.0\xa0%",
    }
    assert 'id="feedback-nps-weeks"' in section.group(0)
    narrowed = {"from": day, "to": day, "organization": fjord.pk}
    page = client.get(reverse("insights:feedback"), narrowed).content.decode()
    assert 'data-figure="nps">0<' in page  # one 10, one 3


def test_reindex_comments_stores_every_comments_words_again(billing: ContactReason) -> None:
    answered(2, "Fakturaen var feil", reason=billing)
    answered(5, "Alt i orden", reason=billing)
    old = scored(1, reason=billing)
    Survey.objects.filter(pk=old.pk).update(comment="Feil beløp på fakturaen")  # never indexed
    CommentTerm.objects.all().delete()
    assert (
        reports.comments(Filters(timezone.localdate(), timezone.localdate()), "faktura").count()
        == 0
    )

    call_command("feedback", "reindex-comments")

    found = reports.comments(Filters(timezone.localdate(), timezone.localdate()), "faktura")
    assert sorted(s.comment for s in found) == ["Fakturaen var feil", "Feil beløp på fakturaen"]
    assert CommentTerm.objects.filter(~Q(survey__comment="")).count() == CommentTerm.objects.count()
    assert mark_all_stale() >= 1
