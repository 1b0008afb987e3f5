"""The community's insights: each figure from a small forum with known answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case, ContactReason
from lytte.community import services
from lytte.community.models import Category, Member, Post, Thread
from lytte.community.services.escalation import escalate
from lytte.customers.services import create_customer
from lytte.insights import forum
from lytte.insights.forms import GapFilterForm
from lytte.insights.gaps import GapFilters


def _member(name: str, email: str) -> Member:
    return services.choose_display_name(
        create_customer(name=f"{name} Test", emails=[email], language="nb"), name
    )


def _dated(thread: Thread, asked: timezone.datetime, replies: list[tuple[Post, int]]) -> None:
    """Date the question at `asked` and each reply `minutes` after it."""
    Thread.objects.filter(pk=thread.pk).update(created_at=asked)
    Post.objects.filter(thread=thread, opening=True).update(created_at=asked)
    for post, minutes in replies:
        Post.objects.filter(pk=post.pk).update(created_at=asked + timedelta(minutes=minutes))


@pytest.fixture
def forum_world(supervisor: User) -> dict[str, object]:
    billing = Category.objects.create(slug="billing", name="Billing", name_nb="Faktura")
    apps = Category.objects.create(slug="apps", name="Apps", name_nb="Apper")
    kari, ola, per = (
        _member("Fjordkari", "kari@example.no"),
        _member("Ola fra Bergen", "ola@example.no"),
        _member("Per i Tromsø", "per@example.no"),
    )
    asked = timezone.now() - timedelta(days=2)
    first = services.ask(member=kari, category=billing, language="nb", title="A", body="a")
    answer = services.reply(thread=first, body="Svar", member=ola)
    services.accept(post=answer, member=kari)
    _dated(first, asked, [(answer, 10)])  # answered by a customer in 10 min, solved by one

    second = services.ask(member=per, category=billing, language="nb", title="B", body="b")
    own = services.reply(thread=second, body="Noen?", member=per)  # the asker: no answer
    staff = services.reply(thread=second, body="Fra oss", staff=supervisor)
    services.accept(post=staff, staff=supervisor)
    _dated(second, asked, [(own, 5), (staff, 30)])  # answered by staff in 30 min

    third = services.ask(member=ola, category=apps, language="nb", title="C", body="c")
    case = escalate(third.pk)
    assert case is not None
    Case.objects.filter(pk=case.pk).update(
        reason=ContactReason.objects.create(code="app", name="App", name_nb="App-feil")
    )
    _dated(third, asked, [])

    old = services.ask(member=kari, category=apps, language="nb", title="Old", body="gammel")
    _dated(old, asked - timedelta(days=60), [])  # outside the period
    return {"kari": kari, "ola": ola, "per": per}


def _period() -> GapFilters:
    return GapFilters(*GapFilterForm.default_period())


def test_active_members_and_questions(forum_world: dict[str, object]) -> None:
    assert forum.active_members(_period()) == 3
    assert forum.solved(_period())["asked"] == 3


def test_questions_per_reason_escalated_by_reason_others_by_category(
    forum_world: dict[str, object],
) -> None:
    rows = {(row["kind"], row["label"]): row["questions"] for row in forum.by_reason(_period())}
    assert rows == {("category", "Billing"): 2, ("reason", "App"): 1}


def test_median_time_to_a_first_answer_by_customers_and_staff(
    forum_world: dict[str, object],
) -> None:
    first = forum.time_to_first_answer(_period())
    assert first.median == timedelta(minutes=20)  # the middle of 10 and 30
    assert first.by_members == timedelta(minutes=10)
    assert first.by_staff == timedelta(minutes=30)  # the asker's own reply is no answer
    assert (first.answered, first.unanswered) == (2, 1)


def test_solved_by_customers_and_escalated(forum_world: dict[str, object]) -> None:
    solved = forum.solved(_period())
    assert (solved["solved"], solved["by_members"], solved["escalated"]) == (2, 1, 1)
    assert solved["by_members_share"] == pytest.approx(1 / 3)


def test_top_helpers_are_display_names_and_never_erased_members(
    forum_world: dict[str, object],
) -> None:
    [helper] = forum.top_helpers(_period())
    assert (helper["name"], helper["accepted"], helper["replies"]) == ("Ola fra Bergen", 1, 1)
    ola = forum_world["ola"]
    assert isinstance(ola, Member)
    Member.objects.filter(pk=ola.pk).update(erased_at=timezone.now(), display_name="")
    assert forum.top_helpers(_period()) == []


def test_the_language_filter(forum_world: dict[str, object]) -> None:
    period = _period()
    swedish = GapFilters(period.start, period.end, "sv")
    assert forum.solved(swedish)["asked"] == 0
    assert forum.active_members(swedish) == 0


def test_the_page_shows_the_figures_and_refuses_a_bad_period(
    forum_world: dict[str, object], supervisor: User
) -> None:
    client = Client()
    client.force_login(supervisor)
    page = client.get("/insights/community/").content.decode()
    assert 'data-figure="active-members">3<' in page
    assert "Ola fra Bergen" in page
    assert "ola@example.no" not in page
    assert "Ola Test" not in page
    assert client.get("/insights/community/?from=2026-05-01&to=2026-01-01").status_code == 400
    assert 'id="insights-nav-community"' in client.get("/insights/").content.decode()
