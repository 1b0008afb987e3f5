"""The survey pages: the link from the mail, the one-click score (sent by the page), the comment
and "what went wrong" after a low score, the closed and forged links, the opt-out; and the
staff's page of answers and follow-ups."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case, ContactReason
from lytte.feedback.models import FollowUp, OptOut, Survey
from lytte.feedback.services import answer, token_for
from lytte.feedback.tests.conftest import resolved_and_sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(karis_case: Case, reason: ContactReason) -> Survey:
    return resolved_and_sent(karis_case, reason)


def _url(survey: Survey, name: str = "feedback:survey") -> str:
    return reverse(name, kwargs={"lang": "nb", "token": token_for(survey)})


def test_the_link_from_the_mail_shows_the_score_ready_to_send(
    client: Client, survey: Survey
) -> None:
    response = client.get(_url(survey) + "?score=4")
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-autosubmit" in page
    assert 'value="4" id="id_score_3" checked' in page
    assert "no-store" in response["Cache-Control"]
    survey.refresh_from_db()
    assert survey.score is None  # opening the link records nothing (mail scanners open them)


def test_one_click_records_the_score_then_a_comment_and_choices(
    client: Client, survey: Survey
) -> None:
    response = client.post(_url(survey), {"score": "2"})
    assert response.status_code == 302
    assert response["Location"].endswith("?scored=1")
    survey.refresh_from_db()
    assert survey.score == 2

    page = client.get(response["Location"]).content.decode()
    assert 'id="survey-choices"' in page
    assert "data-autosubmit" not in page
    wrong = survey.question.choices.order_by("pk")[1]  # type: ignore[union-attr]
    response = client.post(
        _url(survey),
        {"score": "2", "comment": "Ingen ringte tilbake", "choices": [wrong.pk], "details": "1"},
    )
    assert response["Location"].endswith("?thanks=1")
    survey.refresh_from_db()
    assert survey.comment == "Ingen ringte tilbake"
    assert list(survey.choices.all()) == [wrong]
    assert FollowUp.objects.filter(survey=survey).exists()


def test_a_forged_link_is_not_found(client: Client, survey: Survey) -> None:
    url = reverse("feedback:survey", kwargs={"lang": "nb", "token": f"{survey.pk}.nope"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"score": "5"}).status_code == 404


def test_an_expired_link_says_the_survey_has_closed(client: Client, survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(sent_at=timezone.now() - timedelta(days=29))
    response = client.get(_url(survey) + "?score=5")
    assert response.status_code == 410
    assert 'id="survey-closed"' in response.content.decode()
    assert client.post(_url(survey), {"score": "5"}).status_code == 410


def test_after_the_window_the_answer_stands(client: Client, survey: Survey) -> None:
    answer(survey=survey, score=4)
    Survey.objects.filter(pk=survey.pk).update(answered_at=timezone.now() - timedelta(days=2))
    page = client.get(_url(survey)).content.decode()
    assert 'id="survey-final"' in page
    assert client.post(_url(survey), {"score": "1"}).status_code == 409


def test_opting_out_takes_one_click(client: Client, survey: Survey) -> None:
    url = _url(survey, "feedback:opt-out")
    assert client.get(url).status_code == 200
    assert not OptOut.objects.exists()
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert 'id="opt-out-done"' in response.content.decode()
    assert OptOut.objects.get().customer == survey.customer


def test_an_agent_sees_the_feedback_on_their_own_cases_only(
    client: Client, survey: Survey, agent: User, supervisor: User
) -> None:
    answer(survey=survey, score=1, comment="Treg")
    client.force_login(agent)
    assert "Treg" not in client.get(reverse("feedback-desk:answers")).content.decode()
    Survey.objects.filter(pk=survey.pk).update(agent=agent)
    assert "Treg" in client.get(reverse("feedback-desk:answers")).content.decode()
    follow_up = FollowUp.objects.get()
    close = reverse("feedback-desk:close", args=[follow_up.pk])
    assert client.post(close, {"result": "Ringte"}).status_code == 403

    client.force_login(supervisor)
    page = client.get(reverse("feedback-desk:answers")).content.decode()
    assert 'id="follow-ups"' in page
    assert client.post(close, {"result": "Ringte og beklaget"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.result == "Ringte og beklaget"


def test_an_admin_adds_a_new_version_of_the_question_with_its_choices(
    client: Client, survey: Survey, admin_user: User
) -> None:
    client.force_login(admin_user)
    form = {
        "language": "nb",
        "text": "Hvordan opplevde du hjelpen?",
        "comment_prompt": "Fortell oss mer",
        "choices_prompt": "Hva gikk galt?",
        "choices-TOTAL_FORMS": "2",
        "choices-INITIAL_FORMS": "0",
        "choices-0-label": "For treg",
        "choices-0-position": "0",
        "choices-1-label": "",
        "choices-1-position": "0",  # an empty row, as the admin shows it
    }
    response = client.post(reverse("admin:feedback_question_add"), form)
    page = response.content.decode()
    assert response.status_code == 302, re.findall(r"errorlist[^>]*>(.*?)</ul>", page, re.S)
    newest = survey.question.__class__.objects.filter(language="nb").order_by("-version")[0]  # type: ignore[union-attr]
    assert newest.version == 2
    assert [c.label for c in newest.choices.all()] == ["For treg"]
    survey.refresh_from_db()
    assert survey.question is not None
    assert survey.question.version == 1
    change = reverse("admin:feedback_question_change", args=[newest.pk])
    assert client.post(change, form).status_code == 403
