"""SLA policies in the admin site and the API; a case's targets in the API (decision 0041)."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.accounts.services import create_api_token
from lytte.audit.models import AuditEvent
from lytte.cases.models import Channel, Priority, Status
from lytte.cases.services import open_case
from lytte.cases.services.workflow import set_status
from lytte.sla.models import Policy

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_policy_for_urgent_chats(admin_user: User) -> None:
    client = Client()
    client.force_login(admin_user)
    data = {
        "name": "Urgent chat",
        "position": "1",
        "active": "on",
        "priority": Priority.URGENT,
        "channel": Channel.CHAT,
        "first_response_minutes": "5",
        "resolution_minutes": "240",
        "warn_percent": "75",
    }
    response = client.post("/admin/sla/policy/add/", data)
    assert response.status_code == 302, response.content
    policy = Policy.objects.get()
    assert (policy.priority, policy.channel, policy.warn_percent) == ("urgent", "chat", 75)
    assert policy.business_time is False  # an unticked box
    assert client.get("/admin/sla/policy/").status_code == 200
    assert AuditEvent.objects.filter(action="sla_policy.created", actor=admin_user).exists()


def test_the_api_reads_policies_and_a_cases_due_times(agent: User, team_oslo: Team) -> None:
    policy = Policy.objects.create(
        name="All", business_time=False, first_response_minutes=60, resolution_minutes=480
    )
    case = open_case(channel=Channel.EMAIL, opened_by=agent, team=team_oslo)
    set_status(case=case, status=Status.PENDING, changed_by=agent)
    token = create_api_token(user=agent, name="Skript")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    listed = client.get("/api/v1/sla-policies").json()
    assert [item["id"] for item in listed["items"]] == [policy.pk]
    assert client.get(f"/api/v1/sla-policies/{policy.pk}").json()["first_response_minutes"] == 60

    targets = client.get(f"/api/v1/cases/{case.pk}/sla").json()
    assert [(t["target"], t["outcome"], t["paused"]) for t in targets] == [
        ("first_response", "running", True),
        ("resolution", "running", True),
    ]
    assert targets[0]["due_at"] is None
    assert targets[1]["target_minutes"] == 480
