from __future__ import annotations

from django.test import Client


def test_healthz_answers_ok_with_the_database_checked(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_refuses_writes(client: Client, db: None) -> None:
    assert client.post("/healthz").status_code == 405
