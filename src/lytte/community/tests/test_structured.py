"""schema.org QAPage markup on solved questions only, with display names and nothing of the
customers behind them, and nothing in it that could end its <script> element."""

from __future__ import annotations

import json
import re

from django.test import Client

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.models import Member, Thread

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _ld(thread: Thread) -> list[str]:
    page = Client().get(f"/help/nb/community/threads/{thread.pk}/").content.decode()
    return LD.findall(page)


def test_a_solved_question_has_qapage_markup(
    question: Thread, ola_member: Member, kari_member: Member
) -> None:
    answer = services.reply(
        thread=question, body="Se </script><b>her</b> & **Mine fakturaer**.", member=ola_member
    )
    assert _ld(question) == []  # not solved yet
    services.accept(post=answer, member=kari_member)
    [raw] = _ld(question)
    assert "</script>" not in raw
    assert "<b>" not in raw
    data = json.loads(raw)
    assert data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert entity["name"] == question.title
    assert entity["text"] == "Jeg har ikke fått fakturaen for mai."
    assert entity["answerCount"] == 1
    assert entity["author"] == {"@type": "Person", "name": "Fjordkari"}
    accepted = entity["acceptedAnswer"]
    assert accepted["author"] == {"@type": "Person", "name": "Ola fra Bergen"}
    assert accepted["url"].endswith(f"/help/nb/community/threads/{question.pk}/#post-{answer.pk}")
    assert accepted["text"] == "Se </script><b>her</b> & Mine fakturaer."
    assert "Nordmann" not in raw
    assert "example.no" not in raw


def test_no_markup_when_the_answer_is_hidden(
    question: Thread, ola_member: Member, kari_member: Member, supervisor: User
) -> None:
    answer = services.reply(thread=question, body="Se her.", member=ola_member)
    services.accept(post=answer, member=kari_member)
    services.hide(post=answer, moderator=supervisor)
    assert _ld(question) == []
