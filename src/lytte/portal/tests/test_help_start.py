"""/help/ opens in the browser's language when it is one of the portal's, else the business's."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_opens_in_the_browsers_language() -> None:
    response = Client().get("/help/", HTTP_ACCEPT_LANGUAGE="fi-FI,fi;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/help/fi/"
    assert "Accept-Language" in response["Vary"]


def test_a_norwegian_browser_asking_for_no_gets_bokmal() -> None:
    assert Client().get("/help/", HTTP_ACCEPT_LANGUAGE="no,en;q=0.5")["Location"] == "/help/nb/"


def test_the_first_of_our_languages_the_browser_names_wins() -> None:
    response = Client().get("/help/", HTTP_ACCEPT_LANGUAGE="de-DE,sv;q=0.8,da;q=0.7")
    assert response["Location"] == "/help/sv/"


def test_a_browser_naming_none_of_ours_gets_the_portal_language(settings: object) -> None:
    settings.PORTAL_LANGUAGE = "da"  # type: ignore[attr-defined]
    assert Client().get("/help/", HTTP_ACCEPT_LANGUAGE="de-DE,de")["Location"] == "/help/da/"
    assert Client().get("/help/")["Location"] == "/help/da/"


def test_a_language_we_do_not_serve_in_the_path_is_not_found() -> None:
    assert Client().get("/help/de/").status_code == 404
