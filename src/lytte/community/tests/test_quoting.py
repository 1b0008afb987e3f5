"""Quoting a post in a reply: the reply form starts with the post as a blockquote under its
author's display name, linked; only for those who may reply, and only public posts."""

from __future__ import annotations

from django.test import Client

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.models import Member, Thread
from lytte.community.quoting import quote
from lytte.portal.tests.sessions import portal_client


def test_the_quote_markdown(question: Thread) -> None:
    opening = question.posts.get(opening=True)
    assert quote(opening) == (
        f"> [Fjordkari wrote:](/help/nb/community/threads/{question.pk}/posts/{opening.pk}/)\n"
        ">\n"
        "> Jeg har **ikke** fått fakturaen for mai.\n\n"
    )


def test_a_member_quotes_a_post_in_a_reply(
    question: Thread, ola_member: Member, supervisor: User
) -> None:
    opening = question.posts.get(opening=True)
    path = f"/help/nb/community/threads/{question.pk}/"
    ola = portal_client(ola_member.customer)
    page = ola.get(path).content.decode()
    assert f'href="?quote={opening.pk}#reply-form"' in page
    assert "community-quote" in page
    quoting = ola.get(path, {"quote": opening.pk}).content.decode()
    assert "&gt; [Fjordkari wrote:]" in quoting
    assert "&gt; Jeg har **ikke** fått fakturaen for mai." in quoting
    # Nobody signed in: no link, and no form to put a quote in.
    anonymous = Client().get(path, {"quote": opening.pk}).content.decode()
    assert "community-quote" not in anonymous
    assert "Fjordkari wrote:" not in anonymous
    # A hidden post is not quoted; nonsense is ignored.
    reply = services.reply(thread=question, body="Reklame", member=ola_member)
    services.hide(post=reply, moderator=supervisor)
    assert "Reklame" not in ola.get(path, {"quote": reply.pk}).content.decode()
    assert ola.get(path, {"quote": "x"}).status_code == 200
