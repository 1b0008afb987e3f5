from __future__ import annotations

import json
from collections.abc import Callable

from django.test import Client

from lytte.accounts.models import User
from lytte.accounts.services import create_api_token, set_role
from lytte.api.tests.conftest import ApiClient
from lytte.customers.models import Customer

NEW_CUSTOMER = json.dumps({"name": "Kari Nordmann", "phones": ["912 34 567"]})


def test_a_request_without_credentials_is_refused_with_401(db: None) -> None:
    response = Client().get("/api/v1/customers")

    assert response.status_code == 401
    assert response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_post_without_credentials_hears_401_not_a_csrf_failure(db: None) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/customers", NEW_CUSTOMER, content_type="application/json"
    )

    assert response.status_code == 401


def test_an_unknown_token_is_refused_with_401(db: None) -> None:
    client = Client(HTTP_AUTHORIZATION="Bearer lyt_not-a-token-anyone-was-given")

    assert client.get("/api/v1/customers").status_code == 401


def test_an_agent_reads_customers_with_their_token(as_agent: ApiClient) -> None:
    response = as_agent.read("customers")

    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


def test_the_token_of_a_deactivated_user_stops_working(
    client_for: Callable[[User], ApiClient], agent: User
) -> None:
    client = client_for(agent)
    agent.is_active = False
    agent.save()

    assert client.read("customers").status_code == 401


def test_a_user_without_a_role_is_forbidden(
    client_for: Callable[[User], ApiClient], agent: User
) -> None:
    set_role(user=agent, role=None)

    response = client_for(agent).read("customers")

    assert response.status_code == 403
    assert response.json()["detail"]


def test_a_signed_in_session_reads_the_api(agent: User) -> None:
    client = Client()
    client.force_login(agent)

    assert client.get("/api/v1/customers").status_code == 200


def test_a_session_without_a_role_is_forbidden(agent: User) -> None:
    set_role(user=agent, role=None)
    client = Client()
    client.force_login(agent)

    assert client.get("/api/v1/customers").status_code == 403


def test_a_session_post_without_the_csrf_token_is_refused(agent: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)

    response = client.post("/api/v1/customers", NEW_CUSTOMER, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Customer.objects.exists()


def test_a_session_post_with_the_csrf_token_from_the_docs_page_is_accepted(agent: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    client.get("/api/v1/docs")
    token = client.cookies["csrftoken"].value

    response = client.post(
        "/api/v1/customers", NEW_CUSTOMER, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )

    assert response.status_code == 201
    assert Customer.objects.get().name == "Kari Nordmann"


def test_a_token_post_needs_no_csrf_token(agent: User) -> None:
    _token, plaintext = create_api_token(user=agent, name="PBX")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    response = client.post("/api/v1/customers", NEW_CUSTOMER, content_type="application/json")

    assert response.status_code == 201


def test_the_openapi_schema_describes_the_endpoints_and_both_ways_to_authenticate(
    agent: User,
) -> None:
    client = Client()
    client.force_login(agent)
    schema = client.get("/api/v1/openapi.json").json()

    assert "/api/v1/identify" in schema["paths"]
    assert "/api/v1/cases/{case_id}" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    assert schemes["SessionAuth"]["in"] == "cookie"


def test_the_docs_page_loads_swagger_from_this_server_not_a_cdn(agent: User) -> None:
    client = Client()
    client.force_login(agent)

    page = client.get("/api/v1/docs").content.decode()
    bundle = client.get("/static/ninja/swagger-ui-bundle.js")

    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
    assert bundle.status_code == 200
