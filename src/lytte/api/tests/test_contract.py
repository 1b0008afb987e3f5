"""The API refuses what its OpenAPI schema forbids, with a 422 in the usual shape, and its
schema declares the limits the server enforces (decision 0023). The CI's schemathesis run
checks the same contract by fuzzing; these are the cases it found, kept as tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import translation

from lytte.accounts.models import Team
from lytte.api.tests.conftest import ApiClient
from lytte.cases.models import Channel
from lytte.cases.services import open_case
from lytte.customers.models import Customer, Organization

TOO_BIG = 2**63  # one more than SQLite's and PostgreSQL's largest integer


def _schema() -> dict[str, Any]:
    with override_settings(API_DOCS="public"):  # the schema as anyone may be shown it
        response = ApiClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def _body_schema(schema: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = schema["components"]["schemas"][name]
    return found


def _parameter(schema: dict[str, Any], path: str, method: str, name: str) -> dict[str, Any]:
    parameters = schema["paths"][path][method]["parameters"]
    found: dict[str, Any] = next(p for p in parameters if p["name"] == name)["schema"]
    return found


def _refused_field(response: Any) -> list[Any]:
    assert response.status_code == 422, response.content
    return [error["loc"] for error in response.json()["detail"]]


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("customers", "organization"),
        ("cases", "team"),
        ("cases", "number"),
        ("contacts", "case"),
        ("teams", "member"),
        ("calls", "agent"),
        ("reasons", "parent"),
    ],
)
def test_an_id_filter_of_2_63_is_refused_not_a_server_error(
    as_agent: ApiClient, path: str, parameter: str
) -> None:
    response = as_agent.read(path, **{parameter: TOO_BIG})

    assert _refused_field(response) == [["query", parameter]]


@pytest.mark.parametrize("path", ["customers", "cases", "contacts", "teams", "calls"])
def test_an_offset_of_2_63_is_refused_not_a_server_error(as_agent: ApiClient, path: str) -> None:
    assert _refused_field(as_agent.read(path, offset=TOO_BIG)) == [["query", "offset"]]


def test_an_id_of_2_63_in_a_body_is_refused_naming_the_field(as_admin: ApiClient) -> None:
    team = as_admin.send("post", "teams", {"name": "Faktura", "members": [1, TOO_BIG]})
    case = as_admin.send("post", "cases", {"channel": "phone", "customer": TOO_BIG})

    assert _refused_field(team) == [["body", "members", 1]]
    assert _refused_field(case) == [["body", "customer"]]
    assert not Team.objects.filter(name="Faktura").exists()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", f"cases/{TOO_BIG}"),
        ("get", f"customers/{2**70}"),
        ("delete", f"customers/{TOO_BIG}/contact-points/1"),
        ("post", f"contacts/{TOO_BIG}/attach"),
    ],
)
def test_a_path_id_of_2_63_is_a_client_error(as_admin: ApiClient, method: str, path: str) -> None:
    body = None if method == "get" else {"case": 1}
    response = as_admin.send(method, path, body) if body else as_admin.read(path)

    assert response.status_code in (404, 422)
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "path", ["cases/{case}", "customers/{customer}", "organizations/{org}", "teams/{team}"]
)
def test_a_json_array_as_patch_body_is_refused(
    as_admin: ApiClient, team_oslo: Team, path: str
) -> None:
    organization = Organization.objects.create(name="Fjordkraft Østlandet AS")
    customer = Customer.objects.create(name="Åse Ødegård", organization=organization)
    case = open_case(channel=Channel.PHONE, opened_by=None, customer=customer, subject="Pakke")
    url = path.format(
        case=case.pk, customer=customer.pk, org=customer.organization_id, team=team_oslo.pk
    )

    response = as_admin.send("patch", url, [None, None])

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        ("calls", "until", "0"),
        ("calls", "since", "1700000000"),
        ("contacts", "started_before", "0.5"),
        ("cases", "created_before", "0.5"),
        ("cases", "created_after", "1700000000"),
    ],
)
def test_a_number_is_not_a_date_or_a_time(
    as_agent: ApiClient, path: str, parameter: str, value: str
) -> None:
    response = as_agent.read(path, **{parameter: value})

    assert _refused_field(response) == [["query", parameter]]


@pytest.mark.parametrize(
    ("path", "parameter", "value"),
    [
        ("calls", "since", "0001-01-01"),
        ("cases", "created_before", "0001-01-01T00:00:00+01:00"),
        ("cases", "created_before", "0001-01-01T00:30"),
        ("contacts", "started_after", "9999-12-31T23:59:59-01:00"),
    ],
)
def test_a_time_with_no_utc_equivalent_is_refused_not_a_server_error(
    as_agent: ApiClient, path: str, parameter: str, value: str
) -> None:
    response = as_agent.read(path, **{parameter: value})

    assert _refused_field(response) == [["query", parameter]]


def test_a_contact_late_in_year_9999_utc_is_refused_not_a_server_error(
    as_agent: ApiClient,
) -> None:
    """Its moment has a UTC time but no day in the site's zone, where reports count it (a 500
    before, found by schemathesis)."""
    contact = {"channel": "phone", "direction": "in", "started_at": "9999-12-31T23:30:00Z"}

    assert _refused_field(as_agent.send("post", "contacts", contact)) == [["body", "started_at"]]


def test_days_far_in_the_past_and_future_are_read(as_agent: ApiClient) -> None:
    for since, until in (("0233-08-29", "0233-08-30"), ("9999-12-30", "9999-12-31")):
        response = as_agent.read("calls", since=since, until=until)

        assert (response.status_code, response.json()["count"]) == (200, 0)


def test_a_time_with_an_offset_or_local_is_still_read(as_agent: ApiClient) -> None:
    for value in (
        "2026-03-01T09:30",
        "2026-03-01T09:30:00+01:00",
        "2026-03-01T08:30:00.5Z",
        "0158-08-08T05:24:26-21:11",  # an offset PostgreSQL does not take (500 there before)
    ):
        assert as_agent.read("cases", created_after=value).status_code == 200, value


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("customers", {"name": "   "}, "name"),
        ("organizations", {"name": ""}, "name"),
        ("teams", {"name": " \t"}, "name"),
        ("reasons", {"code": "levering", "name": " "}, "name"),
    ],
)
def test_a_blank_name_is_refused_by_the_schema(
    as_admin: ApiClient, path: str, body: dict[str, Any], field: str
) -> None:
    assert _refused_field(as_admin.send("post", path, body)) == [["body", field]]


@pytest.mark.parametrize(
    ("schema_name", "field"),
    [
        ("CustomerIn", "name"),
        ("CustomerPatch", "name"),
        ("OrganizationIn", "name"),
        ("OrganizationPatch", "name"),
        ("TeamIn", "name"),
        ("TeamPatch", "name"),
        ("ReasonIn", "name"),
        ("ReasonPatch", "name"),
    ],
)
def test_the_schema_declares_that_names_cannot_be_blank(
    db: None, schema_name: str, field: str
) -> None:
    declared = _body_schema(_schema(), schema_name)["properties"][field]

    assert declared["minLength"] == 1
    assert declared["pattern"] == r"\S"


def test_the_schema_declares_ids_and_paging_bounds(db: None) -> None:
    schema = _schema()
    case_id = _parameter(schema, "/api/v1/cases/{case_id}", "get", "case_id")
    team = _parameter(schema, "/api/v1/cases", "get", "team")
    offset = _parameter(schema, "/api/v1/cases", "get", "offset")
    members = _body_schema(schema, "TeamIn")["properties"]["members"]["items"]

    for declared in (case_id, members):
        assert (declared["minimum"], declared["maximum"]) == (1, 2**63 - 1)
    assert team["anyOf"][0]["minimum"] == 1
    assert (offset["minimum"], offset["maximum"]) == (0, 2**31 - 1)


@pytest.mark.parametrize(
    ("schema_name", "field"),
    [
        ("CasePatch", "priority"),
        ("CasePatch", "status"),
        ("CustomerPatch", "name"),
        ("OrganizationPatch", "org_number"),
        ("ReasonPatch", "active"),
        ("TeamPatch", "members"),
    ],
)
def test_the_schema_does_not_offer_null_where_a_patch_refuses_it(
    db: None, schema_name: str, field: str
) -> None:
    declared = _body_schema(_schema(), schema_name)["properties"][field]

    assert "null" not in str(declared)


def test_the_schema_still_offers_null_where_a_patch_clears_a_field(db: None) -> None:
    declared = _body_schema(_schema(), "CasePatch")["properties"]["assignee"]

    assert {"type": "null"} in declared["anyOf"]


def test_identify_declares_that_the_address_cannot_be_empty(as_agent: ApiClient) -> None:
    declared = _parameter(_schema(), "/api/v1/identify", "get", "address")

    assert declared["minLength"] == 1
    assert _refused_field(as_agent.read("identify", address="")) == [["query", "address"]]


def test_an_unexpected_failure_answers_json_and_is_logged(
    client_for: Any, agent: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("lytte.cases.selectors.cases_with_relations", broken)
    token_client = client_for(agent)
    client = Client(
        raise_request_exception=False,
        HTTP_AUTHORIZATION=token_client.defaults["HTTP_AUTHORIZATION"],
    )

    response = client.get("/api/v1/cases/1", HTTP_ACCEPT_LANGUAGE="nb")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json; charset=utf-8"
    with translation.override("nb"):  # the lead compiles the catalogues: read the same one
        expected = translation.gettext("Something went wrong on the server. Try again later.")
    assert response.json() == {"code": "server_error", "detail": expected}
    assert "RuntimeError: the database went away" in caplog.text
    assert "Traceback" not in response.content.decode()


@pytest.mark.parametrize("path", ["customers", "organizations", "teams"])
def test_a_nul_character_in_a_search_is_refused_not_a_server_error(
    as_agent: ApiClient, path: str
) -> None:
    response = as_agent.read(path, q="Åse\x00Ødegård")

    assert _refused_field(response) == [["query", "q"]]


def test_a_nul_character_in_a_body_is_refused_not_stored(as_admin: ApiClient) -> None:
    response = as_admin.send("post", "customers", {"name": "Åse", "emails": ["a\x00@example.no"]})

    assert _refused_field(response) == [["body"]]
    assert not Customer.objects.exists()


def test_the_schema_declares_that_searches_hold_no_nul(db: None) -> None:
    declared = _parameter(_schema(), "/api/v1/customers", "get", "q")

    assert (declared["pattern"], declared["maxLength"]) == ("^[^\\x00]*$", 200)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("reasons", {"code": "levering", "name": "Levering", "position": False}, "position"),
        ("reasons", {"code": "levering", "name": "Levering", "active": "yes"}, "active"),
        ("teams", {"name": "Faktura", "members": ["1"]}, "members"),
        ("cases", {"channel": "phone", "customer": "1"}, "customer"),
    ],
)
def test_a_number_or_a_flag_in_a_body_must_be_one_in_json(
    as_admin: ApiClient, path: str, body: dict[str, Any], field: str
) -> None:
    response = as_admin.send("post", path, body)

    assert response.status_code == 422
    assert all(error["loc"][:2] == ["body", field] for error in response.json()["detail"])


# 500, not nearer Python's recursion limit of 1000: how deep the test itself already is (under
# pytest-xdist, some 100 frames deeper) must not decide.
@pytest.mark.parametrize(("depth", "status"), [(500, 201), (100_000, 400)])
def test_a_deeply_nested_body_is_read_or_refused_never_a_server_error(
    as_admin: ApiClient, depth: int, status: int
) -> None:
    body = '{"name": "Åse", "extra": ' + "[" * depth + "]" * depth + "}"

    response = as_admin.send("post", "customers", body)

    assert response.status_code == status
    assert response.json()["detail" if status == 400 else "name"]
