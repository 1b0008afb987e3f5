"""'Was this helpful?': a yes or no, an optional comment, with or without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.knowledge.models import Feedback
from lytte.portal.tests.help_world import HelpCentre

pytestmark = pytest.mark.django_db
URL = "/help/nb/articles/faktura-og-betaling/feedback/"


def test_a_no_with_a_comment_is_recorded_and_thanked(help_centre: HelpCentre) -> None:
    response = Client().post(URL, {"helpful": "no", "comment": "  Jeg fant ikke KID-nummeret. "})
    assert response.status_code == 302
    assert response["Location"] == "/help/nb/articles/faktura-og-betaling/?feedback=thanks#feedback"
    feedback = Feedback.objects.get()
    assert (feedback.translation, feedback.helpful) == (help_centre.invoice_nb, False)
    assert feedback.comment == "Jeg fant ikke KID-nummeret."
    assert feedback.customer is None
    thanked = Client().get(response["Location"]).content.decode()
    assert "Takk for svaret" in thanked or "Thank you for your answer" in thanked


def test_with_htmx_the_thanks_replace_the_form(help_centre: HelpCentre) -> None:
    response = Client().post(URL, {"helpful": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'role="status"' in response.content
    assert b"<form" not in response.content
    assert Feedback.objects.get().helpful is True


def test_without_an_answer_nothing_is_recorded(help_centre: HelpCentre) -> None:
    assert Client().post(URL, {"comment": "Hm"}).status_code == 400
    assert Client().post(URL, {"helpful": "maybe"}, HTTP_HX_REQUEST="true").status_code == 422
    assert not Feedback.objects.exists()


def test_a_comment_too_long_is_refused(help_centre: HelpCentre) -> None:
    assert Client().post(URL, {"helpful": "no", "comment": "x" * 2001}).status_code == 400
    assert not Feedback.objects.exists()


def test_feedback_on_what_a_customer_may_not_read_is_not_found(help_centre: HelpCentre) -> None:
    url = "/help/nb/articles/rutine-for-kreditering-av-faktura/feedback/"
    assert Client().post(url, {"helpful": "yes"}).status_code == 404
    assert not Feedback.objects.exists()


def test_it_needs_the_forms_csrf_token(help_centre: HelpCentre) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {"helpful": "yes"}).status_code == 403
    client.get("/help/nb/articles/faktura-og-betaling/")
    token = client.cookies["csrftoken"].value
    assert client.post(URL, {"helpful": "yes", "csrfmiddlewaretoken": token}).status_code == 302


def test_it_is_a_post(help_centre: HelpCentre) -> None:
    assert Client().get(URL).status_code == 405
