"""Chat in the desk, through its views: who may see and take a chat (decision 19: the team's
agents, supervisors; not another team's agent), refusals as messages (capacity, taken), the
contact reason required when a chat ends, and an unverified chat linked after checking."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.audit.models import AuditEvent
from lytte.cases.tests.factories import phoned_case, reason
from lytte.chat.models import ChatAgent, ChatWidget, Conversation, State
from lytte.chat.services import accept, declare_available, link_customer, token_for
from lytte.chat.tests.conftest import SHOP, say, start
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.desk.models import CannedAnswer

pytestmark = pytest.mark.django_db


@pytest.fixture
def widget(team_oslo: Team) -> ChatWidget:
    return ChatWidget.objects.create(name="Nettbutikken", team=team_oslo)


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", emails=["kari@example.no"], language="nb")


@pytest.fixture
def at_desks(agent: User, teammate: User) -> None:
    for user in (agent, teammate):
        ChatAgent.objects.create(user=user, available=True, last_seen=timezone.now())


def _chat(
    widget: ChatWidget, message: str = "Hei, fakturaen min er feil", **data: Any
) -> Conversation:
    answer = start(Client(), widget, message, **data)
    assert answer.status_code == 201, answer.content
    return Conversation.objects.get(public_id=answer.json()["conversation"])


def _desk(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_queue_shows_an_unverified_chat_as_a_claim_with_its_page(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    _chat(widget, name="Kari N.", email="kari@example.no", page_url=f"{SHOP}/faktura")

    page = _desk(agent).get("/desk/chats/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "unverified: Kari N." in text
    assert f"{SHOP}/faktura" in text
    assert "Hei, fakturaen min er feil" in text


def test_an_agent_of_another_team_can_neither_see_read_nor_accept_the_chat(
    widget: ChatWidget, at_desks: None, other_agent: User
) -> None:
    chat = _chat(widget, name="Kari N.")
    desk = _desk(other_agent)

    assert "Kari N." not in desk.get("/desk/chats/").content.decode()
    assert desk.get(f"/desk/chats/{chat.pk}/").status_code == 403
    assert desk.get(f"/desk/chats/{chat.pk}/messages/").status_code == 403
    assert desk.post(f"/desk/chats/{chat.pk}/accept/").status_code == 403
    chat.refresh_from_db()
    assert chat.state == State.WAITING
    assert chat.agent is None


def test_a_supervisor_sees_and_may_open_any_teams_chat(
    widget: ChatWidget, at_desks: None, supervisor: User, team_helsinki: Team
) -> None:
    widget.team = team_helsinki
    widget.save()
    ChatAgent.objects.create(user=supervisor, available=True, last_seen=timezone.now())
    supervisor.teams.add(team_helsinki)  # someone of Helsinki must be present to take a chat
    chat = _chat(widget)
    supervisor.teams.remove(team_helsinki)

    assert _desk(supervisor).get(f"/desk/chats/{chat.pk}/").status_code == 200


def test_an_agent_accepts_answers_and_hears_the_customer(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    chat = _chat(widget)
    desk = _desk(agent)

    accepted = desk.post(f"/desk/chats/{chat.pk}/accept/")
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/desk/chats/{chat.pk}/"
    sent = desk.post(
        f"/desk/chats/{chat.pk}/messages/",
        json.dumps({"body": "Hei Kari, jeg ser på det.", "client_id": "desk-0001"}),
        content_type="application/json",
    )
    assert sent.status_code == 201
    say(Client(), _token_of(chat), "Takk!")

    after = desk.get(f"/desk/chats/{chat.pk}/messages/?after=1").json()

    assert [(m["sender"], m["body"]) for m in after["messages"]] == [
        ("agent", "Hei Kari, jeg ser på det."),
        ("customer", "Takk!"),
    ]
    assert after["state"] == "active"


def _token_of(chat: Conversation) -> str:
    return token_for(chat)  # the customer's token, as their widget has it


def test_an_agent_at_capacity_is_told_so_and_the_chat_keeps_waiting(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    declare_available(agent, available=True, capacity=1)
    first, second = _chat(widget), _chat(widget)
    desk = _desk(agent)
    desk.post(f"/desk/chats/{first.pk}/accept/")

    refused = desk.post(f"/desk/chats/{second.pk}/accept/", follow=True)

    assert refused.status_code == 200
    assert "You have as many chats as you can take." in _messages(refused)
    second.refresh_from_db()
    assert second.state == State.WAITING
    assert "You have as many chats as you can take." in _messages(
        desk.post("/desk/chats/next/", follow=True)
    )


def test_a_chat_another_agent_took_is_refused_with_a_message(
    widget: ChatWidget, at_desks: None, agent: User, teammate: User
) -> None:
    chat = _chat(widget)
    accept(chat, teammate)

    refused = _desk(agent).post(f"/desk/chats/{chat.pk}/accept/", follow=True)

    assert "Another agent has this chat already." in _messages(refused)
    chat.refresh_from_db()
    assert chat.agent == teammate


def test_take_next_accepts_the_longest_waiting_chat(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    first, _second = _chat(widget), _chat(widget)

    taken = _desk(agent).post("/desk/chats/next/")

    assert taken["Location"] == f"/desk/chats/{first.pk}/"


def test_ending_a_chat_needs_its_reason_then_logs_it_with_the_transcript(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    chat = _chat(widget, "Fakturaen min er dobbelt trukket")
    desk = _desk(agent)
    desk.post(f"/desk/chats/{chat.pk}/accept/")
    desk.post(
        f"/desk/chats/{chat.pk}/messages/",
        json.dumps({"body": "Jeg krediterer den ene."}),
        content_type="application/json",
    )

    refused = desk.post(f"/desk/chats/{chat.pk}/end/", {"note": ""})
    assert refused.status_code == 422
    assert "Choose the contact reason before you end the chat." in refused.content.decode()
    chat.refresh_from_db()
    assert chat.state == State.ACTIVE

    ended = desk.post(f"/desk/chats/{chat.pk}/end/", {"reason": reason("invoice").pk})

    assert ended.status_code == 302
    chat.refresh_from_db()
    assert chat.state == State.ENDED
    assert chat.case is not None
    assert chat.contact is not None
    chat.case.refresh_from_db()
    chat.contact.refresh_from_db()
    assert chat.case.reason == reason("invoice")
    assert chat.contact.reason == reason("invoice")
    assert "Jeg krediterer den ene." in chat.contact.body


def test_an_agent_logs_the_reason_of_a_chat_the_customer_ended(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    chat = _chat(widget)
    desk = _desk(agent)
    desk.post(f"/desk/chats/{chat.pk}/accept/")
    Client().post(f"/chat/api/conversations/{_token_of(chat)}/end")
    chat.refresh_from_db()
    assert chat.state == State.ENDED

    page = desk.get(f"/desk/chats/{chat.pk}/")
    assert page.context["may_finish"] is True
    ended = desk.post(f"/desk/chats/{chat.pk}/end/", {"reason": reason("invoice").pk})
    assert ended.status_code == 302
    assert chat.case is not None
    chat.case.refresh_from_db()
    assert chat.case.reason == reason("invoice")


def test_an_agent_links_an_unverified_chat_to_a_customer_after_checking(
    widget: ChatWidget, at_desks: None, agent: User, kari: Customer
) -> None:
    chat = _chat(widget, name="Kari", email="kari@example.no")
    assert chat.customer is None
    assert chat.case is not None
    assert chat.case.customer is None
    desk = _desk(agent)
    desk.post(f"/desk/chats/{chat.pk}/accept/")

    options = desk.get(f"/desk/chats/{chat.pk}/customers/?q=Kari")
    assert "Kari Nordmann" in options.content.decode()
    linked = desk.post(f"/desk/chats/{chat.pk}/customer/", {"customer": kari.pk})

    assert linked.status_code == 302
    chat.refresh_from_db()
    chat.case.refresh_from_db()
    assert chat.customer == kari
    assert chat.case.customer == kari
    assert not chat.verified
    assert AuditEvent.objects.filter(action="chat.customer_linked", actor=agent).exists()


def test_the_chat_offers_the_canned_answers_of_its_language(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    CannedAnswer.objects.create(language="nb", title="Hilsen", body="Hei! Takk for at du venter.")
    CannedAnswer.objects.create(language="da", title="Hilsen", body="Hej! Tak fordi du venter.")
    chat = _chat(widget)
    desk = _desk(agent)
    desk.post(f"/desk/chats/{chat.pk}/accept/")

    page = desk.get(f"/desk/chats/{chat.pk}/").content.decode()

    assert "Hei! Takk for at du venter." in page
    assert "Hej! Tak fordi du venter." not in page


def test_the_desk_beat_keeps_the_agent_present(widget: ChatWidget, agent: User) -> None:
    desk = _desk(agent)
    desk.post("/desk/chats/availability/", {"available": "on", "capacity": "2"})
    row = ChatAgent.objects.get(user=agent)
    assert row.available
    assert row.capacity == 2
    row.last_seen = timezone.now() - timezone.timedelta(minutes=5)
    row.save()

    assert desk.post("/desk/chats/heartbeat/").status_code == 204

    row.refresh_from_db()
    assert timezone.now() - row.last_seen < timezone.timedelta(seconds=5)


def test_the_live_view_shows_chat_figures(
    widget: ChatWidget, at_desks: None, agent: User, supervisor: User
) -> None:
    accept(_chat(widget), agent)
    _chat(widget)

    page = _desk(supervisor).get("/insights/live/").content.decode()

    assert 'id="chat-waiting-now">1<' in page
    assert "Ingrid" in page


def test_a_chat_transferred_to_another_team_waits_in_their_queue_with_the_note(
    widget: ChatWidget, at_desks: None, agent: User, other_agent: User, team_helsinki: Team
) -> None:
    chat = _chat(widget)
    desk = _desk(agent)
    desk.post(f"/desk/chats/{chat.pk}/accept/")

    moved = desk.post(
        f"/desk/chats/{chat.pk}/transfer/",
        {"to_team": team_helsinki.pk, "note": "Finsktalende kunde"},
    )

    assert moved.status_code == 302
    chat.refresh_from_db()
    assert chat.state == State.WAITING
    assert chat.team == team_helsinki
    assert chat.agent is None
    queue = _desk(other_agent).get("/desk/chats/").content.decode()
    assert "Finsktalende kunde" in queue
    assert _desk(other_agent).post(f"/desk/chats/{chat.pk}/accept/").status_code == 302
    chat.refresh_from_db()
    assert chat.agent == other_agent


def test_a_chat_transferred_to_a_teammate_is_theirs_at_once(
    widget: ChatWidget, at_desks: None, agent: User, teammate: User
) -> None:
    chat = _chat(widget)
    desk = _desk(agent)
    desk.post(f"/desk/chats/{chat.pk}/accept/")

    desk.post(f"/desk/chats/{chat.pk}/transfer/", {"to_agent": teammate.pk, "note": "Faktura"})

    chat.refresh_from_db()
    assert chat.agent == teammate
    assert chat.state == State.ACTIVE
    assert chat.case is not None
    assert chat.case.assignee == teammate
    refused = desk.post(
        f"/desk/chats/{chat.pk}/messages/",
        json.dumps({"body": "Hei igjen"}),
        content_type="application/json",
    )
    assert refused.status_code == 403  # no longer the agent's chat


def test_a_transfer_names_an_agent_or_a_team(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    chat = _chat(widget)
    desk = _desk(agent)
    desk.post(f"/desk/chats/{chat.pk}/accept/")

    refused = desk.post(f"/desk/chats/{chat.pk}/transfer/", {"note": "?"}, follow=True)

    assert "Choose an agent or a team, not both." in _messages(refused)
    chat.refresh_from_db()
    assert chat.agent == agent


def test_my_chats_say_which_have_a_new_message_from_the_customer(
    widget: ChatWidget, at_desks: None, agent: User
) -> None:
    chat = _chat(widget)
    desk = _desk(agent)
    desk.post(f"/desk/chats/{chat.pk}/accept/")
    desk.post(
        f"/desk/chats/{chat.pk}/read/", json.dumps({"upto": 1}), content_type="application/json"
    )
    assert "chat-unread" not in desk.get("/desk/chats/queue/").content.decode()

    say(Client(), token_for(chat), "Hallo?")

    assert "chat-unread" in desk.get("/desk/chats/queue/").content.decode()


def test_the_queue_shows_a_known_customer_by_name_with_their_open_cases(
    widget: ChatWidget, at_desks: None, agent: User, team_oslo: Team, kari: Customer
) -> None:
    earlier = phoned_case(kari, agent, team_oslo, "Strømbrudd i Bergen")
    chat = _chat(widget)
    link_customer(chat, kari, agent)  # as a signed-in customer's chat would be

    queue = _desk(agent).get("/desk/chats/queue/").content.decode()

    assert "Kari Nordmann" in queue
    assert "unverified" not in queue
    assert f"#{earlier.number} Strømbrudd i Bergen" in queue
    assert chat.case is not None
    assert f"#{chat.case.number} " not in queue  # the chat's own case is not "another" one


def test_the_top_bar_counts_my_chats_with_messages_i_have_not_read(
    widget: ChatWidget, at_desks: None, agent: User, teammate: User
) -> None:
    mine, also_mine, hers = _chat(widget), _chat(widget), _chat(widget)
    desk = _desk(agent)
    for chat in (mine, also_mine):
        desk.post(f"/desk/chats/{chat.pk}/accept/")
        desk.post(
            f"/desk/chats/{chat.pk}/read/", json.dumps({"upto": 1}), content_type="application/json"
        )
    accept(hers, teammate)  # Ola's chat, unread: not mine to count
    assert "unread-chats-link" not in desk.get("/desk/chats/unread/").content.decode()

    say(Client(), token_for(mine), "Hallo?")
    say(Client(), token_for(also_mine), "Er dere der?")
    say(Client(), token_for(mine), "Hei?")

    count = desk.get("/desk/chats/unread/")
    assert count.context["chat_unread"] == 2
    assert 'data-count="2"' in count.content.decode()
    page = desk.get("/desk/").content.decode()
    assert 'id="unread-chats"' in page
    assert 'data-count="2"' in page  # in the top bar of every desk page, before any event
    desk.post(
        f"/desk/chats/{mine.pk}/read/", json.dumps({"upto": 3}), content_type="application/json"
    )
    assert desk.get("/desk/chats/unread/").context["chat_unread"] == 1
