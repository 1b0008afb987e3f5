"""403, 404 and 500 are pages of Lytte, in the reader's language, with the navigation."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from pytest_django import DjangoAssertNumQueries

from lytte.accounts.models import User


def test_a_missing_page_is_styled_with_the_navigation_in_norwegian(
    client: Client, agent: User
) -> None:
    client.force_login(agent)
    response = client.get("/desk/cases/999999/", HTTP_ACCEPT_LANGUAGE="nb")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'lang="nb"' in page
    assert "lytte.css" in page
    assert "Skrivebord" in page  # the navigation's "Desk"
    assert "Denne siden finnes ikke" in page


def test_a_missing_page_follows_the_users_chosen_language(client: Client, agent: User) -> None:
    agent.language = "fi"
    agent.save()
    client.force_login(agent)
    page = client.get("/nowhere/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ('lang="fi"' in page, "Tätä sivua ei ole" in page) == (True, True)


def test_a_refused_page_says_why_in_the_readers_language(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.get("/insights/", HTTP_ACCEPT_LANGUAGE="sv")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Du får inte se den här sidan" in page
    assert "Skrivbord" in page


def test_a_refused_page_writes_one_warning_line(
    client: Client, agent: User, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(agent)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/insights/").status_code == 403
    lines = [logging.Formatter().format(r) for r in caplog.records if r.name == "django.request"]
    assert lines == ["Forbidden (Permission denied): /insights/"]


def test_the_server_error_page_needs_no_database_and_speaks_danish(
    db: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with translation.override("da"), django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/desk/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert 'lang="da"' in page
    assert "lytte.css" in page
    assert "Noget gik galt hos os" in page
