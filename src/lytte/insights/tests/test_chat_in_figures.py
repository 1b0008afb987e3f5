"""A live chat, started through the widget's API and worked in the desk, counts in every figure
that has a channel: the channel mix, the figures and reasons filtered to chat, the cases behind
them, the exports, and the live view's waiting cases. Its first response is when an agent
took it, so the minutes it waited in the queue count."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Contact
from lytte.cases.tests.factories import reason
from lytte.chat.models import ChatAgent, ChatWidget, Conversation
from lytte.chat.tests.conftest import start
from lytte.insights.models import TrendAlert
from lytte.insights.rollups import refresh_stale
from lytte.insights.tests.test_dashboards import this_week

pytestmark = pytest.mark.django_db
WAITED = timedelta(minutes=40)


def _week(day: date) -> tuple[int, int]:
    return day.isocalendar()[:2]


def _chat(widget: ChatWidget, message: str) -> Conversation:
    answer = start(Client(), widget, message)
    assert answer.status_code == 201, answer.content
    return Conversation.objects.get(public_id=answer.json()["conversation"])


@pytest.fixture
def chats(
    team_oslo: Team, agent: User, django_capture_on_commit_callbacks: Any
) -> tuple[Conversation, Conversation]:
    """One chat that waited 40 minutes, was taken, answered and ended with the reason
    "invoice"; and one still waiting now."""
    widget = ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)
    ChatAgent.objects.create(user=agent, available=True, last_seen=timezone.now())
    desk = Client()
    desk.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        done = _chat(widget, "Fakturaen min er trukket to ganger")
        began = timezone.now() - WAITED  # it started 40 minutes ago (in this same week)
        if _week(timezone.localtime(began).date()) != _week(timezone.localdate()):
            began = timezone.now()
        Contact.objects.filter(pk=done.contact_id).update(started_at=began)
        Conversation.objects.filter(pk=done.pk).update(waiting_since=began, created_at=began)
        Case.objects.filter(pk=done.case_id).update(created_at=began)
        desk.post(f"/desk/chats/{done.pk}/accept/")
        desk.post(f"/desk/chats/{done.pk}/messages/", {"body": "Jeg retter den nå."})
        ended = desk.post(f"/desk/chats/{done.pk}/end/", {"reason": reason("invoice").pk})
        assert ended.status_code == 302
        waiting = _chat(widget, "Hvor er pakken min?")
    refresh_stale()
    return done, waiting


def test_a_chat_counts_in_every_figure_by_channel(
    client: Client, supervisor: User, chats: tuple[Conversation, Conversation]
) -> None:
    done, waiting = chats
    client.force_login(supervisor)

    everything = client.get("/insights/data/", this_week()).json()
    chat_only = client.get("/insights/data/", this_week(channel="chat")).json()

    assert {row["channel"]: row["contacts"] for row in everything["channels"]} == {"chat": 2}
    assert [row["label"] for row in everything["channels"]] == ["Chat"]
    figures = chat_only["figures"]
    assert (figures["contacts"], figures["cases_opened"]) == (2, 2)
    assert {row["label"]: row["contacts"] for row in chat_only["top_reasons"]} == {
        "Invoice/payment": 1
    }
    assert sum(row["contacts"] for row in chat_only["weekly"]) == 2

    behind = client.get("/insights/cases/", this_week(contact_channel="chat")).content.decode()
    assert done.case is not None
    assert waiting.case is not None
    assert f"#{done.case.number}" in behind
    assert f"#{waiting.case.number}" in behind
    exported = client.get("/insights/export/channels.csv/", this_week())
    rows = list(
        csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig")))  # type: ignore[attr-defined]
    )
    assert rows[1:] == [["Chat", "2"]]

    panel = client.get("/insights/live/panel/").content.decode()
    assert "<td>Chat</td><td>Kundeservice Oslo</td>" in panel  # the one waiting for an answer
    assert '<span class="value" id="chat-waiting-now">1</span>' in panel


def test_a_chats_first_response_is_when_an_agent_took_it(
    client: Client, supervisor: User, chats: tuple[Conversation, Conversation]
) -> None:
    """The 40 minutes in the queue are the customer's wait for an answer, not zero."""
    done, _waiting = chats
    if _week(timezone.localtime(timezone.now() - WAITED).date()) != _week(timezone.localdate()):
        pytest.skip("in a week's first 40 minutes the wait would begin in the week before")
    client.force_login(supervisor)
    assert done.case is not None
    done.case.refresh_from_db()
    done.refresh_from_db()

    figures = client.get("/insights/data/", this_week(channel="chat")).json()["figures"]

    assert done.case.first_response_at == done.accepted_at
    assert figures["median_first_response_seconds"] >= 1800  # the 30-60 minute bucket


def test_the_live_view_names_a_trend_alerts_channel(client: Client, supervisor: User) -> None:
    """A spike of chats reads "Chat", the channel's name, not its code."""
    TrendAlert.objects.create(
        period=TrendAlert.Period.DAY,
        start=timezone.localdate(),
        kind="channel",
        series="channel:invoice:chat:",
        reason=reason("invoice"),
        channel="chat",
        observed=12,
        expected=2.0,
        p_value=0.001,
    )
    client.force_login(supervisor)

    page = client.get("/insights/live/").content.decode()

    assert "<strong>Invoice/payment</strong> · Chat:" in page
