"""/customers/{id}/export and /customers/{id}/access-log, and the API reads that are logged."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from io import BytesIO

from lytte.accounts.models import User
from lytte.api.tests.conftest import ApiClient
from lytte.audit.selectors import access_log
from lytte.cases.models import Case
from lytte.customers.models import Customer
from lytte.phone.models import Call
from lytte.privacy.tests.export_world import CONTRACT, ase, her_call, her_mail

__all__ = ["ase", "her_call", "her_mail"]
Clients = Callable[[User], ApiClient]


def test_a_supervisor_downloads_the_export_as_a_zip_that_is_never_cached(
    client_for: Clients,
    supervisor: User,
    ase: Customer,
    her_mail: tuple[bytes, Case],
    her_call: Call,
) -> None:
    raw, _case = her_mail
    response = client_for(supervisor).get(f"/api/v1/customers/{ase.pk}/export")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(BytesIO(data)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert json.loads(files["customer.json"])["name"] == "Åse Ødegård Kjærnes"
    assert raw in files.values()
    assert CONTRACT in files.values()
    assert json.loads(files["calls.json"])[0]["duration_seconds"] == 95
    assert [e.channel for e in access_log(ase.pk)] == ["export"]


def test_an_agent_may_not_export_or_read_the_access_log(as_agent: ApiClient, ase: Customer) -> None:
    for path in (f"customers/{ase.pk}/export", f"customers/{ase.pk}/access-log"):
        response = as_agent.read(path)
        assert response.status_code == 403, path
        assert response.json()["detail"] == "You do not have permission to do this."
    assert not access_log(ase.pk).filter(channel="export").exists()


def test_an_unknown_customer_is_a_404_for_both(as_admin: ApiClient) -> None:
    for path in ("customers/4242/export", "customers/4242/access-log"):
        response = as_admin.read(path)
        assert response.status_code == 404, path
        assert response.json() == {"code": "not_found", "detail": "Not found."}


def test_api_reads_of_a_customer_her_cases_and_contacts_are_in_her_access_log(
    as_agent: ApiClient, as_admin: ApiClient, ase: Customer, her_mail: tuple[bytes, Case]
) -> None:
    _raw, case = her_mail
    as_agent.read(f"customers/{ase.pk}")
    as_agent.read(f"customers/{ase.pk}")  # a repeat within minutes is one row
    as_agent.read("cases", customer=ase.pk)
    as_agent.read(f"cases/{case.pk}")
    contact = case.contacts.first()
    assert contact is not None
    as_agent.read(f"contacts/{contact.pk}")

    response = as_admin.read(f"customers/{ase.pk}/access-log")

    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["user"]["username"], i["through"], i["case"]) for i in items] == [
        ("ingrid", "api", case.number),
        ("ingrid", "api", None),
    ]
    assert response.json()["count"] == 2


def test_the_export_is_described_as_a_zip_in_the_openapi_document(as_agent: ApiClient) -> None:
    schema = as_agent.get("/api/v1/openapi.json").json()
    export = schema["paths"]["/api/v1/customers/{customer_id}/export"]["get"]

    assert list(export["responses"]["200"]["content"]) == ["application/zip"]
