"""What the demo loads around its cases, as the pages that show it see it: SLA clocks met,
breached and running; answered surveys in the feedback figures; the community's threads in
the five languages with accepted answers; and a `--once` rerun that adds none of it again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case
from lytte.cases.selectors import ACTIVE_STATUSES
from lytte.community.models import Category, Member, Post, Thread
from lytte.demo.tests.conftest import run_demo
from lytte.desk import sla as desk_sla
from lytte.feedback.models import CommentTerm, NpsSurvey, Survey
from lytte.feedback.reports import total
from lytte.insights.dashboard import Filters
from lytte.sla import report
from lytte.sla.models import CaseTarget, Outcome, Policy, TeamCalendar


def _last_90_days() -> tuple[object, object]:
    today = timezone.localdate()
    return today - timedelta(days=90), today


def test_the_sla_report_shows_met_and_breached_targets(shared_demo: str) -> None:
    assert Policy.objects.count() == 3
    assert TeamCalendar.objects.count() == 7
    start, end = _last_90_days()
    rows = report.attainment(report.Scope(start=start, end=end))  # type: ignore[arg-type]
    assert sum(row.met for row in rows) > 0
    assert sum(row.breached for row in rows) > 0


def test_open_cases_have_running_clocks_with_due_times(shared_demo: str) -> None:
    running = CaseTarget.objects.filter(outcome=Outcome.RUNNING, due_at__isnull=False)
    assert running.exists()
    assert running.filter(case__status__in=["new", "open"]).count() == running.count()


def test_the_desk_shows_due_times_on_open_cases(shared_demo: str) -> None:
    open_cases = Case.objects.filter(status__in=ACTIVE_STATUSES)
    listed = desk_sla.with_due_times(desk_sla.by_due(open_cases))
    due = [case for case in listed if case.sla is not None]  # type: ignore[attr-defined]
    assert due
    assert listed[0] in due  # the soonest due first


def test_the_feedback_figures_count_answered_surveys(shared_demo: str) -> None:
    start, end = _last_90_days()
    figures = total(Filters(start=start, end=end))  # type: ignore[arg-type]
    assert figures.answered > 0
    assert figures.sent > figures.answered
    commented = Survey.objects.exclude(comment="")
    assert commented.exists()
    assert CommentTerm.objects.filter(survey__in=commented).exists()
    assert NpsSurvey.objects.filter(score__isnull=False).count() > 0


def test_the_feedback_page_shows_the_figures_to_the_supervisor(shared_demo: str) -> None:
    client = Client()
    client.force_login(User.objects.get(username="supervisor"))
    page = client.get("/insights/feedback/")
    assert page.status_code == 200
    answered = Survey.objects.filter(score__isnull=False).count()
    assert str(answered) in page.content.decode()


def test_the_community_has_threads_in_five_languages_with_accepted_answers(
    shared_demo: str,
) -> None:
    threads = Thread.objects.all()
    assert set(threads.values_list("language", flat=True)) == {"nb", "da", "sv", "fi", "en"}
    assert threads.filter(accepted__isnull=False).exists()
    assert threads.filter(pinned__staff__isnull=False).count() == 1
    assert Category.objects.filter(language="nb").count() == 1
    names = Member.objects.values_list("display_name", flat=True)
    assert all(name and "@" not in name for name in names)
    assert Post.objects.filter(opening=False).count() >= threads.count()


def test_the_community_pages_list_the_categories_and_threads(shared_demo: str) -> None:
    client = Client()
    norwegian = client.get("/help/nb/community/").content.decode()
    assert "Tips fra kunder" in norwegian  # the category limited to Norwegian
    assert "Faktura og betaling" in norwegian
    assert "Tips fra kunder" not in client.get("/help/da/community/").content.decode()
    thread = Thread.objects.filter(category__slug="faktura-og-betaling", language="nb").first()
    assert thread is not None
    page = client.get("/help/nb/community/categories/faktura-og-betaling/")
    assert thread.title in page.content.decode()


def test_once_adds_nothing_around_the_cases_the_second_time(db: None, data_dir: Path) -> None:
    run_demo("--once", "--customers", "40", "--cases", "60", "--seed", "3")
    counts = (CaseTarget.objects.count(), Survey.objects.count(), Thread.objects.count())
    assert all(counts)
    run_demo("--once", "--customers", "40", "--cases", "60", "--seed", "3")
    assert (CaseTarget.objects.count(), Survey.objects.count(), Thread.objects.count()) == counts
