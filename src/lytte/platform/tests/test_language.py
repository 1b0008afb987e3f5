"""Norwegian browsers get Bokmål, and relative times read right in all five languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from lytte.accounts.models import Team, User
from lytte.cases.models import Case


@pytest.mark.parametrize("header", ["no", "nn", "no-NO,en;q=0.5", "nn-NO", "da;q=0.2, no;q=0.9"])
def test_a_norwegian_or_nynorsk_browser_gets_bokmal(client: Client, db: None, header: str) -> None:
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE=header).content.decode()
    assert 'lang="nb"' in page
    assert "Logg inn" in page


def test_a_danish_browser_stays_danish(client: Client, db: None) -> None:
    assert 'lang="da"' in client.get("/login/", HTTP_ACCEPT_LANGUAGE="da-DK").content.decode()


AGO = {
    "en": ("2 months ago", "1 day ago", "5 minutes ago", "just now"),
    "nb": ("2 måneder siden", "1 dag siden", "5 minutter siden", "akkurat nå"),
    "da": ("2 måneder siden", "1 dag siden", "5 minutter siden", "lige nu"),
    "sv": ("2 månader sedan", "1 dag sedan", "5 minuter sedan", "just nu"),
    "fi": ("2 kuukautta sitten", "1 päivä sitten", "5 minuuttia sitten", "juuri nyt"),
}


@pytest.mark.parametrize("language", list(AGO))
def test_relative_times_have_their_number_and_a_space(language: str) -> None:
    now = timezone.now()
    moments = [
        now - timedelta(days=61),
        now - timedelta(days=1, hours=3),
        now - timedelta(minutes=5, seconds=20),
        now,
    ]
    template = Template("{% load lytte_time %}{% for m in moments %}{{ m|ago }}|{% endfor %}")
    with translation.override(language):
        rendered = template.render(Context({"moments": moments}))
    assert rendered.split("|")[:4] == list(AGO[language])


def test_the_queue_says_how_long_ago_in_finnish(
    client: Client, other_agent: User, team_helsinki: Team
) -> None:
    case = Case.objects.create(number=4711, subject="Lasku", team=team_helsinki)
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=61))
    client.force_login(other_agent)
    page = client.get("/desk/?queue=team", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "2 kuukautta sitten" in page
