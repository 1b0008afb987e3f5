"""/api/v1/surveys (issue 17): read-only, filtered by period, reason and score; an agent
reads only their own cases' surveys."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lytte.accounts.models import User
from lytte.api.tests.conftest import ApiClient, as_agent, as_supervisor, client_for
from lytte.cases.models import ContactReason
from lytte.feedback.models import Survey
from lytte.feedback.tests.reporting import answered, scored

pytestmark = pytest.mark.django_db
__all__ = ["as_agent", "as_supervisor", "client_for"]  # the API tests' clients


@pytest.fixture
def billing(db: None) -> ContactReason:
    return ContactReason.objects.create(code="billing", name="Billing", name_nb="Faktura")


def test_surveys_are_listed_with_filters(
    as_supervisor: ApiClient, billing: ContactReason, agent: User
) -> None:
    low = answered(2, "Fakturaen var feil", reason=billing, agent=agent)
    answered(5, reason=billing)
    scored(None)
    scored(4, sent_at=timezone.now() - timedelta(days=40))

    listed = as_supervisor.read("surveys").json()
    assert listed["count"] == 4
    assert as_supervisor.read("surveys", reason=billing.pk).json()["count"] == 2
    assert as_supervisor.read("surveys", max_score=3).json()["count"] == 1
    assert as_supervisor.read("surveys", min_score=4).json()["count"] == 2
    assert as_supervisor.read("surveys", state="sent").json()["count"] == 1
    today = timezone.localdate().isoformat()
    assert as_supervisor.read("surveys", since=today, until=today).json()["count"] == 3
    [found] = as_supervisor.read("surveys", score=2).json()["items"]
    assert found["case"] == low.case.number
    assert found["comment"] == "Fakturaen var feil"
    assert found["reason"]["code"] == "billing"
    assert found["agent"]["name"] == "Ingrid Bråten"
    assert found["what_went_wrong"] == []

    one = as_supervisor.read(f"surveys/{low.pk}")
    assert one.status_code == 200
    assert one.json()["score"] == 2
    assert as_supervisor.read("surveys/999999").status_code == 404
    assert as_supervisor.read("surveys", score=6).status_code == 422
    assert as_supervisor.read("surveys", since="yesterday").status_code == 422


def test_an_agent_reads_only_the_surveys_of_their_own_cases(
    as_agent: ApiClient, agent: User, billing: ContactReason
) -> None:
    own = answered(4, reason=billing, agent=agent)
    other = answered(1, reason=billing)
    assert [item["id"] for item in as_agent.read("surveys").json()["items"]] == [own.pk]
    assert as_agent.read(f"surveys/{other.pk}").status_code == 404


def test_the_schema_lists_the_surveys(as_agent: ApiClient) -> None:
    schema = as_agent.get("/api/v1/openapi.json").json()
    assert "/api/v1/surveys" in schema["paths"]
    assert "/api/v1/surveys/{survey_id}" in schema["paths"]
    assert "SurveyOut" in schema["components"]["schemas"]
    # A survey's states under their own name, beside an article's (both were "State", and one
    # took the other's place: article responses failed their own schema).
    components = schema["components"]["schemas"]
    assert set(components["SurveyState"]["enum"]) == set(Survey.State.values)
    assert "draft" in components["State"]["enum"]
