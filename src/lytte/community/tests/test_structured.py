"""schema.org QAPage markup on solved questions only, with display names and nothing of the
customers behind them, and nothing in it that could end its <script> element."""

from __future__ import annotations

import json
import re
from typing import Any

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


def test_an_answer_with_no_votes_counts_none_without_asking_again(
    question: Thread, ola_member: Member, kari_member: Member, django_assert_num_queries: Any
) -> None:
    from lytte.community.showing import vote_count

    answer = services.reply(thread=question, body="Ring kundeservice.", member=ola_member)
    services.accept(post=answer, member=kari_member)
    answer.vote_count = 0  # type: ignore[attr-defined]  # as posts_by_id counts them
    with django_assert_num_queries(0):
        assert vote_count(answer) == 0
    [raw] = _ld(question)
    assert json.loads(raw)["mainEntity"]["acceptedAnswer"]["upvoteCount"] == 0
