"""Suggestions where agents and integrations ask for them: the desk while the agent types, and
POST /api/v1/reasons/suggest; what the agent finally chose is kept to measure them."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.api.tests.conftest import ApiClient, as_agent, client_for
from lytte.cases.models import Case, Channel, ContactReason
from lytte.cases.services import open_case
from lytte.insights import live
from lytte.insights.classifier import ReasonClassifier, train
from lytte.insights.models import ReasonModel, ReasonSuggestion
from lytte.insights.selectors import suggest
from lytte.insights.services import activate_model
from lytte.insights.tests.conftest import labelled

__all__ = ["as_agent", "client_for"]


def store(classifier: ReasonClassifier) -> ReasonModel:
    artifact = classifier.dumps()
    model = ReasonModel.objects.create(
        artifact=artifact,
        size=len(artifact),
        trained_on=classifier.trained_on,
        reasons=classifier.reasons,
    )
    activate_model(model=model)
    live.forget_active_version()
    return model


@pytest.fixture
def case(team_oslo: Team) -> Case:
    return open_case(channel=Channel.PHONE, opened_by=None, subject="Oppringning", team=team_oslo)


def test_before_any_training_keyword_rules_suggest_in_every_language(db: None) -> None:
    examples = {
        "kunde ringer ang faktura feil beløp": "invoice",
        "min pakke er ikke leveret": "delivery",
        "routern fungerar inte": "fault",
        "haluan irtisanoa liittymän": "cancellation",
        "please cancel my subscription": "cancellation",
    }
    for text, code in examples.items():
        found = suggest(text)
        assert found.model_version is None
        assert found.items, text
        assert found.items[0].reason.code == code, (text, found.items)
        assert found.items[0].source == "keywords"


def test_the_trained_model_suggests_what_it_has_learnt(
    db: None, small_model: ReasonClassifier
) -> None:
    model = store(small_model)

    found = suggest("faktura med feil beløp igjen")

    assert found.model_version == model.pk
    assert found.items[0].reason.code == "invoice"
    assert found.items[0].source == "model"
    assert len(found.items) <= 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_suggestions_go_on_while_a_new_model_is_swapped_in() -> None:
    first = store(train(*labelled(seed=1)))
    live.live_model()  # loaded, as in a running server
    second_classifier = train(*labelled(seed=2))
    answers: list[int | None] = []
    errors: list[BaseException] = []

    def ask() -> None:
        from django.db import connection

        try:
            for _ in range(15):
                answers.append(suggest("pakken har ikke kommet").model_version)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    second = store(second_classifier)
    for thread in threads:
        thread.join()

    assert not errors
    assert set(answers) <= {first.pk, second.pk}
    assert suggest("pakken har ikke kommet").model_version == second.pk
    assert ReasonModel.objects.filter(active=True).get() == second
    assert ReasonModel.objects.filter(pk=first.pk).exists()  # the previous one is kept


def test_the_api_ranks_reasons_for_a_text(as_agent: ApiClient) -> None:
    response = as_agent.send(
        "post", "reasons/suggest", {"text": "Jag vill säga upp mitt abonnemang"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["suggestions"][0]["reason"]["code"] == "cancellation"
    assert 0 < body["suggestions"][0]["score"] <= 1
    assert body["model_version"] is None


def test_the_api_refuses_strangers_and_empty_text(
    client: Client, as_agent: ApiClient, client_for: Callable[[User], ApiClient]
) -> None:
    anonymous = client.post(
        "/api/v1/reasons/suggest", json.dumps({"text": "faktura"}), content_type="application/json"
    )
    assert anonymous.status_code == 401
    outsider = User.objects.create_user(username="outsider", password="x")
    assert (
        client_for(outsider).send("post", "reasons/suggest", {"text": "faktura"}).status_code == 403
    )
    empty = as_agent.send("post", "reasons/suggest", {"text": ""})
    assert empty.status_code == 422


def test_the_desk_suggests_while_the_agent_types_and_keeps_what_was_chosen(
    client: Client, agent: User, case: Case
) -> None:
    client.force_login(agent)

    fragment = client.get(
        f"/desk/cases/{case.number}/reason-suggestions/", {"note": "kunden vil si opp avtalen sin"}
    ).content.decode()

    cancellation = ContactReason.objects.get(code="cancellation")
    assert f'value="{cancellation.pk}"' in fragment
    token = fragment.split('name="suggestion" value="')[1].split('"')[0]
    response = client.post(
        f"/desk/cases/{case.number}/log/",
        {
            "note": "kunden vil si opp avtalen sin",
            "reason": cancellation.pk,
            "status": "open",
            "suggestion": token,
        },
    )
    assert response.status_code == 302
    kept = ReasonSuggestion.objects.get()
    assert kept.chosen == cancellation
    assert kept.rank == 1
    assert kept.agent == agent
    assert kept.suggested[0][0] == "cancellation"


def test_a_tampered_suggestion_records_nothing(client: Client, agent: User, case: Case) -> None:
    client.force_login(agent)
    invoice = ContactReason.objects.get(code="invoice")

    client.post(
        f"/desk/cases/{case.number}/log/",
        {"note": "faktura", "reason": invoice.pk, "status": "open", "suggestion": "forged:token"},
    )

    assert ReasonSuggestion.objects.count() == 0


def test_supervisors_see_how_good_suggestions_are_and_agents_do_not(
    client: Client, agent: User, supervisor: User, case: Case
) -> None:
    client.force_login(agent)
    fragment = client.get(
        f"/desk/cases/{case.number}/reason-suggestions/", {"note": "faktura feil"}
    ).content.decode()
    token = fragment.split('name="suggestion" value="')[1].split('"')[0]
    delivery = ContactReason.objects.get(code="delivery")
    client.post(
        f"/desk/cases/{case.number}/log/",
        {"note": "faktura feil", "reason": delivery.pk, "status": "open", "suggestion": token},
    )
    assert ReasonSuggestion.objects.get().rank is None  # the agent chose something else

    assert client.get("/insights/reasons/").status_code == 403
    client.force_login(supervisor)
    page = client.get("/insights/reasons/")
    assert page.status_code == 200
    assert "0 %" in page.content.decode()
