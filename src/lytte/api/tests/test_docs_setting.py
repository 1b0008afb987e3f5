"""LYTTE_API_DOCS: who reads the API's docs page and OpenAPI schema (decision 19)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from lytte.accounts.models import User
from lytte.accounts.roles import Role
from lytte.accounts.services import create_api_token, create_staff_user

DOCS = ["/api/v1/docs", "/api/v1/openapi.json"]


@pytest.fixture
def token(agent: User) -> str:
    return create_api_token(user=agent, name="Integrasjon Tromsø")[1]


@pytest.mark.parametrize("path", DOCS)
def test_by_default_strangers_cannot_read_the_docs(db: None, path: str) -> None:
    response = Client().get(path)

    if path.endswith(".json"):
        assert response.status_code == 401
        assert response.json()["detail"] == "Sign in or send an API token."
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=/api/v1/docs")


@pytest.mark.parametrize("path", DOCS)
def test_by_default_a_signed_in_agent_reads_the_docs(agent: User, path: str) -> None:
    client = Client()
    client.force_login(agent)

    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", DOCS)
def test_by_default_an_api_token_reads_the_docs(token: str, path: str) -> None:
    assert Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


@pytest.mark.parametrize("path", DOCS)
def test_a_wrong_token_cannot_read_the_docs(db: None, path: str) -> None:
    response = Client().get(path, HTTP_AUTHORIZATION="Bearer lyt_ikke-gyldig")

    assert response.status_code == 401


@pytest.mark.parametrize("path", DOCS)
def test_a_user_without_a_role_cannot_read_the_docs(db: None, path: str) -> None:
    nobody = create_staff_user(username="kalle", password="x" * 12, role=Role.AGENT)
    nobody.groups.clear()
    client = Client()
    client.force_login(User.objects.get(pk=nobody.pk))

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", DOCS)
def test_public_docs_are_read_by_anyone(settings: Any, db: None, path: str) -> None:
    settings.API_DOCS = "public"

    assert Client().get(path).status_code == 200


@pytest.mark.parametrize("path", DOCS)
def test_docs_that_are_off_are_not_found_even_by_admins(
    settings: Any, admin_user: User, path: str
) -> None:
    settings.API_DOCS = "off"
    client = Client()
    client.force_login(admin_user)

    assert client.get(path).status_code == 404
    assert Client().get(path).status_code == 404


def test_the_api_itself_does_not_depend_on_the_docs_setting(settings: Any, token: str) -> None:
    settings.API_DOCS = "off"

    response = Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200


@pytest.mark.slow  # starts a `lytte` process
def test_an_unknown_docs_setting_stops_the_server_from_starting(tmp_path: Any) -> None:
    env = {**os.environ, "LYTTE_API_DOCS": "kanskje", "LYTTE_DATA_DIR": str(tmp_path)}

    result = subprocess.run(
        [sys.executable, "-c", "import lytte.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "LYTTE_API_DOCS is 'kanskje': use off, staff or public." in result.stderr
