from __future__ import annotations

from collections.abc import Callable

import pytest

from lytte.accounts.models import User
from lytte.api.tests.conftest import ApiClient
from lytte.audit.models import AuditEvent
from lytte.cases.models import ContactReason

FINNISH_REASON = {
    "code": "meter-reading",
    "name": "Meter reading",
    "name_nb": "Måleravlesning",
    "name_da": "Måleraflæsning",
    "name_sv": "Mätaravläsning",
    "name_fi": "Mittarin lukema",
}


@pytest.mark.parametrize(
    ("language", "label"), [("nb", "Bestilling"), ("fi", "Tilaus"), ("en", "Order")]
)
def test_reasons_are_labelled_in_the_language_asked_for(
    as_agent: ApiClient, language: str, label: str
) -> None:
    response = as_agent.get("/api/v1/reasons", {"active": "true"}, HTTP_ACCEPT_LANGUAGE=language)

    order = next(r for r in response.json()["items"] if r["code"] == "order")
    assert order["label"] == label
    assert order["name"] == "Order"


def test_reasons_come_in_taxonomy_order(as_agent: ApiClient) -> None:
    body = as_agent.read("reasons").json()

    codes = [r["code"] for r in body["items"]]
    assert codes[0] == "order"
    assert codes[-1] == "other"
    assert body["count"] == ContactReason.objects.count()


def test_an_agent_cannot_create_reasons(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "reasons", FINNISH_REASON)

    assert response.status_code == 403
    assert not ContactReason.objects.filter(code="meter-reading").exists()


def test_an_agent_cannot_change_reasons(as_agent: ApiClient) -> None:
    order = ContactReason.objects.get(code="order")

    response = as_agent.send("patch", f"reasons/{order.pk}", {"active": False})

    assert response.status_code == 403
    order.refresh_from_db()
    assert order.active


def test_an_admin_adds_a_sub_reason_with_nordic_names(
    as_admin: ApiClient, admin_user: User
) -> None:
    invoice = ContactReason.objects.get(code="invoice")

    response = as_admin.send("post", "reasons", {**FINNISH_REASON, "parent": invoice.pk})

    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in FINNISH_REASON} == FINNISH_REASON
    assert body["parent"] == invoice.pk
    fetched = as_admin.get(f"/api/v1/reasons/{body['id']}", HTTP_ACCEPT_LANGUAGE="da").json()
    assert fetched["label"] == "Måleraflæsning"
    assert AuditEvent.objects.filter(action="reason.created", actor=admin_user).exists()


def test_a_code_in_use_is_refused(as_admin: ApiClient) -> None:
    response = as_admin.send("post", "reasons", {**FINNISH_REASON, "code": "order"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "code"]


def test_a_reason_cannot_be_moved_under_its_own_sub_reason(as_admin: ApiClient) -> None:
    invoice = ContactReason.objects.get(code="invoice")
    child = as_admin.send("post", "reasons", {**FINNISH_REASON, "parent": invoice.pk}).json()

    response = as_admin.send("patch", f"reasons/{invoice.pk}", {"parent": child["id"]})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "parent"]
    invoice.refresh_from_db()
    assert invoice.parent is None


def test_an_admin_retires_and_renames_a_reason(
    client_for: Callable[[User], ApiClient], admin_user: User, as_agent: ApiClient
) -> None:
    praise = ContactReason.objects.get(code="praise")

    response = client_for(admin_user).send(
        "patch", f"reasons/{praise.pk}", {"active": False, "name_sv": "Beröm och tack"}
    )

    assert response.status_code == 200
    assert response.json()["active"] is False
    assert response.json()["name_sv"] == "Beröm och tack"
    assert response.json()["code"] == "praise"
    active = [r["code"] for r in as_agent.read("reasons", active="true").json()["items"]]
    assert "praise" not in active


def test_sub_reasons_are_listed_by_parent(as_admin: ApiClient) -> None:
    invoice = ContactReason.objects.get(code="invoice")
    as_admin.send("post", "reasons", {**FINNISH_REASON, "parent": invoice.pk})

    body = as_admin.read("reasons", parent=invoice.pk).json()

    assert [r["code"] for r in body["items"]] == ["meter-reading"]


def test_an_unknown_reason_is_404(as_admin: ApiClient) -> None:
    assert as_admin.read("reasons/999999").status_code == 404
    assert as_admin.send("patch", "reasons/999999", {"active": False}).status_code == 404
