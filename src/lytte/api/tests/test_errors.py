"""Every API error carries a `code` from a closed, documented set beside its translated sentence
(decision 0028), so a client branches on the code whatever language the caller reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings
from ninja.errors import Throttled

from lytte.accounts.models import User
from lytte.accounts.services import set_role
from lytte.api.errors import ErrorCode
from lytte.api.tests.conftest import ApiClient
from lytte.customers.models import Customer
from lytte.privacy.services import place_hold

Clients = Callable[[User], ApiClient]


def _code(response: Any, status: int) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"]
    code: str = body["code"]
    assert code in {c.value for c in ErrorCode}
    return code


def test_a_field_the_schema_refuses_is_validation_failed_with_a_reason_per_field(
    as_agent: ApiClient,
) -> None:
    response = as_agent.send("post", "customers", {"emails": ["aase@example.no"]})

    assert _code(response, 422) == "validation_failed"
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", "name"], "missing")


def test_a_rule_a_service_refuses_is_validation_failed_with_the_errors_code(
    as_agent: ApiClient,
) -> None:
    customer = Customer.objects.create(name="Åse Ødegård")

    response = as_agent.send("patch", f"customers/{customer.pk}", {"name": None})

    assert _code(response, 422) == "validation_failed"
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (["body", "name"], "invalid")
    assert error["msg"]


def test_a_body_that_is_not_json_is_invalid_body(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "customers", '{"name": "Åse"')

    assert _code(response, 400) == "invalid_body"


def test_an_address_that_is_no_phone_or_email_is_invalid_address(as_agent: ApiClient) -> None:
    assert _code(as_agent.read("identify", address="ikke et nummer"), 400) == "invalid_address"


def test_no_credentials_is_not_authenticated(db: None) -> None:
    response = Client().get("/api/v1/customers")

    assert _code(response, 401) == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="lytte"'


def test_a_missing_permission_is_permission_denied(as_agent: ApiClient) -> None:
    response = as_agent.send("post", "reasons", {"code": "levering", "name": "Levering"})

    assert _code(response, 403) == "permission_denied"


def test_an_account_without_a_role_is_permission_denied(client_for: Clients, agent: User) -> None:
    set_role(user=agent, role=None)

    assert _code(client_for(agent).read("customers"), 403) == "permission_denied"


def test_a_session_post_without_its_csrf_token_is_csrf_failed(agent: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post("/api/v1/customers", {"name": "Åse"}, content_type="application/json")

    assert _code(response, 403) == "csrf_failed"


def test_an_admin_who_must_switch_on_two_factor_hears_two_factor_required(
    settings: Any, admin_user: User
) -> None:
    settings.REQUIRE_ADMIN_2FA = True
    client = Client()
    client.force_login(admin_user)

    assert _code(client.get("/api/v1/cases"), 403) == "two_factor_required"


def test_an_unknown_id_is_not_found(as_agent: ApiClient) -> None:
    assert _code(as_agent.read("cases/999999"), 404) == "not_found"


def test_erasing_a_customer_under_legal_hold_is_conflict(
    as_admin: ApiClient, admin_user: User
) -> None:
    customer = Customer.objects.create(name="Åse Ødegård")
    place_hold(reason="Tvist om faktura", placed_by=admin_user, customer=customer)

    response = as_admin.send("post", f"customers/{customer.pk}/erase", {"reason": "Sletting"})

    assert _code(response, 409) == "conflict"


def test_a_body_past_the_upload_limit_is_payload_too_large_not_a_server_error(
    as_agent: ApiClient, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = as_agent.send("post", "customers", {"name": "Åse", "notes": "x" * 2000})

    assert _code(response, 413) == "payload_too_large"
    assert not Customer.objects.exists()


def test_a_failure_lytte_has_no_code_for_is_a_server_error_never_an_unlisted_code(
    client_for: Clients, agent: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def throttled(*args: Any, **kwargs: Any) -> None:
        raise Throttled(wait=5)  # an HttpError of Ninja's that Lytte does not use (yet)

    monkeypatch.setattr("lytte.cases.selectors.cases_with_relations", throttled)
    token = client_for(agent).defaults["HTTP_AUTHORIZATION"]
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=token)

    assert _code(client.get("/api/v1/cases/1"), 500) == "server_error"


def test_the_code_stays_while_the_sentence_is_translated(as_agent: ApiClient) -> None:
    english = as_agent.read("cases/999999", HTTP_ACCEPT_LANGUAGE="en")
    norwegian = as_agent.read("cases/999999", HTTP_ACCEPT_LANGUAGE="nb")

    assert english.json()["code"] == norwegian.json()["code"] == "not_found"


@pytest.mark.parametrize(("docs", "status", "code"), [("off", 404, "not_found")])
def test_the_schema_views_answer_with_codes_too(
    db: None, docs: str, status: int, code: str
) -> None:
    with override_settings(API_DOCS=docs):
        response = Client().get("/api/v1/openapi.json")

    assert _code(response, status) == code


def test_without_credentials_the_schema_answers_not_authenticated(db: None) -> None:
    with override_settings(API_DOCS="staff"):
        response = Client().get("/api/v1/openapi.json")

    assert _code(response, 401) == "not_authenticated"


def test_the_schema_lists_every_code_with_what_it_means(db: None) -> None:
    with override_settings(API_DOCS="public"):
        schema = Client().get("/api/v1/openapi.json").json()
    declared = schema["components"]["schemas"]["ErrorCode"]
    error_out = schema["components"]["schemas"]["ErrorOut"]
    responses = schema["paths"]["/api/v1/cases/{case_id}"]["get"]["responses"]

    assert declared["enum"] == [code.value for code in ErrorCode]
    assert set(declared["x-enumDescriptions"]) == set(declared["enum"])
    assert all(f"`{code.value}`" in declared["description"] for code in ErrorCode)
    assert error_out["properties"]["code"] == {"$ref": "#/components/schemas/ErrorCode"}
    assert "code" in error_out["required"]
    assert "/ErrorOut" in str(responses["404"])
    assert "/ValidationErrorOut" in str(responses["422"])


def test_a_method_a_path_does_not_take_is_method_not_allowed_with_the_allowed_ones(
    as_agent: ApiClient,
) -> None:
    """Ninja's own plain-text 405 comes in the API's shape, with Allow kept."""
    response = as_agent.send("delete", "customers")

    assert _code(response, 405) == "method_not_allowed"
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    assert "DELETE" in response.json()["detail"]


def test_a_405_outside_the_api_stays_a_page(client: Client) -> None:
    response = client.put("/insights/")

    assert response.status_code == 405
    assert not response["Content-Type"].startswith("application/json")
