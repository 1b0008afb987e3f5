"""The rating at the end of a chat (decision 47): offered in the widget once an agent's chat
ends, stored as the case's survey with channel chat (so it counts in the same figures), given
once and changeable within the window; only the widget's sites may ask."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel
from lytte.chat import services as chat
from lytte.chat.models import ChatAgent, ChatWidget, Conversation
from lytte.customers.services import create_customer
from lytte.feedback.models import AskedBy, FollowUp, OptOut, Survey, SurveyRules
from lytte.feedback.selectors import answers_for, csat_by

pytestmark = pytest.mark.django_db
SHOP = "https://shop.example.no"


@pytest.fixture
def widget(team_oslo: Team, agent: User) -> ChatWidget:
    ChatAgent.objects.create(user=agent, available=True, last_seen=timezone.now())
    return ChatWidget.objects.create(name="Nettbutikken", team=team_oslo, allowed_origins=SHOP)


def _post(client: Client, path: str, data: dict[str, Any], **headers: Any) -> Any:
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def ended_chat(client: Client, widget: ChatWidget, agent: User | None) -> str:
    """A chat Kari starts in Norwegian (with her email), `agent` answers, and she ends."""
    started = _post(
        client,
        f"/chat/api/{widget.key}/conversations",
        {
            "client_id": uuid.uuid4().hex,
            "message": "Hei!",
            "language": "nb",
            "name": "Kari",
            "email": "kari@example.no",
        },
    ).json()
    conversation = Conversation.objects.get(public_id=started["conversation"])
    if agent is not None:
        chat.accept(conversation, agent)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post(f"/chat/api/conversations/{started['token']}/end").status_code == 204
    return str(started["token"])


def test_an_ended_chat_offers_its_rating_as_the_cases_survey(
    client: Client, widget: ChatWidget, agent: User
) -> None:
    token = ended_chat(client, widget, agent)

    offered = client.get(f"/chat/api/conversations/{token}/rating").json()

    assert offered["offered"] is True
    assert offered["score"] is None
    assert offered["question"]
    survey = Survey.objects.get()
    assert survey.state == Survey.State.SENT
    assert survey.sent_by == AskedBy.CHAT
    assert survey.channel == Channel.CHAT
    assert survey.agent == agent
    assert survey.language == "nb"


def test_the_widgets_score_and_comment_are_the_answer_and_count_in_csat(
    client: Client, widget: ChatWidget, agent: User
) -> None:
    token = ended_chat(client, widget, agent)

    rated = _post(
        client, f"/chat/api/conversations/{token}/rating", {"score": 5, "comment": "Rask hjelp!"}
    )

    assert rated.status_code == 200
    assert rated.json()["score"] == 5
    assert rated.json()["changeable"] is True
    survey = Survey.objects.get()
    assert survey.score == 5
    assert survey.comment == "Rask hjelp!"
    assert list(answers_for(agent)) == [survey]
    today = timezone.localdate()
    [row] = csat_by("channel", today, today)
    assert (row.key, row.sent, row.answered, row.satisfied) == (Channel.CHAT, 1, 1, 1)


def test_the_rating_can_be_changed_within_the_window_and_not_after(
    client: Client, widget: ChatWidget, agent: User
) -> None:
    token = ended_chat(client, widget, agent)
    url = f"/chat/api/conversations/{token}/rating"
    _post(client, url, {"score": 2})

    changed = _post(client, url, {"score": 4, "comment": "Det ordnet seg"})

    assert changed.status_code == 200
    survey = Survey.objects.get()
    assert survey.score == 4
    assert survey.changed_at is not None
    assert FollowUp.objects.filter(survey=survey).count() == 1  # the 2 opened one, once
    Survey.objects.update(answered_at=timezone.now() - timezone.timedelta(hours=25))
    late = _post(client, url, {"score": 1})
    assert late.status_code == 409
    assert late.json()["code"] == "answered"
    assert Survey.objects.get().score == 4


def test_a_bad_score_is_a_400(client: Client, widget: ChatWidget, agent: User) -> None:
    token = ended_chat(client, widget, agent)
    url = f"/chat/api/conversations/{token}/rating"

    assert _post(client, url, {"score": 6}).status_code == 400
    assert _post(client, url, {"score": "5"}).status_code == 400
    assert _post(client, url, {"score": 3, "comment": ["x"]}).status_code == 400
    assert client.post(url, b"not json", content_type="application/json").status_code == 400
    assert not Survey.objects.filter(score__isnull=False).exists()


def test_a_chat_nobody_answered_or_still_going_offers_nothing(
    client: Client, widget: ChatWidget
) -> None:
    token = ended_chat(client, widget, None)

    assert client.get(f"/chat/api/conversations/{token}/rating").json() == {"offered": False}
    assert _post(client, f"/chat/api/conversations/{token}/rating", {"score": 5}).status_code == 409
    assert not Survey.objects.exists()


def test_an_opted_out_customer_or_switched_off_rules_are_not_asked(
    client: Client, widget: ChatWidget, agent: User
) -> None:
    rules = SurveyRules.current()
    rules.active = False
    rules.save()
    token = ended_chat(client, widget, agent)
    assert client.get(f"/chat/api/conversations/{token}/rating").json()["offered"] is False

    rules.active = True
    rules.save()
    token = ended_chat(client, widget, agent)
    case = Conversation.objects.order_by("-pk").first().case  # type: ignore[union-attr]
    assert case is not None
    kari = create_customer(name="Kari Nordmann", emails=["kari@example.no"])
    Case.objects.filter(pk=case.pk).update(customer=kari)
    Survey.objects.filter(case=case).delete()
    OptOut.objects.create(customer=kari)
    assert client.get(f"/chat/api/conversations/{token}/rating").json()["offered"] is False


def test_only_the_widgets_sites_may_rate_and_a_wrong_token_is_404(
    client: Client, widget: ChatWidget, agent: User
) -> None:
    token = ended_chat(client, widget, agent)
    url = f"/chat/api/conversations/{token}/rating"

    from_shop = client.get(url, HTTP_ORIGIN=SHOP)
    from_elsewhere = _post(client, url, {"score": 1}, HTTP_ORIGIN="https://evil.example")
    preflight = client.options(url, HTTP_ORIGIN=SHOP)

    assert from_shop.status_code == 200
    assert from_shop["Access-Control-Allow-Origin"] == SHOP
    assert from_elsewhere.status_code == 403
    assert preflight.status_code == 204
    assert client.get("/chat/api/conversations/nope/rating").status_code == 404
    assert client.put(url).status_code == 405
