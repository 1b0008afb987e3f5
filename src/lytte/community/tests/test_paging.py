"""A long thread's replies in pages of REPLIES_PER_PAGE: the question on every page, the
accepted answer first on the first, and every post's lasting address finds its page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lytte.community import services
from lytte.community.models import Member, Post, Thread
from lytte.community.tests.conftest import guarded
from lytte.community.views import REPLIES_PER_PAGE
from lytte.portal.tests.sessions import portal_client

pytestmark = pytest.mark.django_db
REPLIES = REPLIES_PER_PAGE * 2 + 20  # three pages, the last one short


def _url(thread: Thread) -> str:
    return f"/help/nb/community/threads/{thread.pk}/"


@pytest.fixture
def long_thread(question: Thread, ola_member: Member) -> list[Post]:
    """REPLIES replies by Ola, a minute apart, oldest first."""
    start = timezone.now() - timedelta(days=1)
    replies = Post.objects.bulk_create(
        Post(
            thread=question,
            author=ola_member,
            body=f"Svar nummer {n}: prøv å logge inn på nytt, så går det.",
            created_at=start + timedelta(minutes=n),
        )
        for n in range(1, REPLIES + 1)
    )
    return sorted(replies, key=lambda post: post.created_at)


def _shown(html: str, replies: list[Post]) -> list[int]:
    return [n for n, post in enumerate(replies, 1) if f'id="post-{post.pk}"' in html]


def test_the_replies_come_in_pages_with_the_question_on_each(
    question: Thread, long_thread: list[Post]
) -> None:
    first = Client().get(_url(question)).content.decode()
    last = Client().get(_url(question), {"page": 3}).content.decode()

    assert _shown(first, long_thread) == list(range(1, REPLIES_PER_PAGE + 1))
    assert _shown(last, long_thread) == list(range(2 * REPLIES_PER_PAGE + 1, REPLIES + 1))
    for page in (first, last):
        assert "Fakturaen kom ikke i posten" in page
        assert f"{REPLIES} svar" in page or f"{REPLIES} replies" in page  # all, not the page's
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    assert 'rel="prev"' in last
    assert 'rel="next"' not in last
    # A page past the end, or no number at all, is a page that exists.
    assert _shown(Client().get(_url(question), {"page": 99}).content.decode(), long_thread)
    assert _shown(Client().get(_url(question), {"page": "x"}).content.decode(), long_thread)


def test_the_accepted_answer_is_first_on_the_first_page(
    question: Thread, long_thread: list[Post], kari_member: Member
) -> None:
    answer = long_thread[-1]  # on the last page until it is accepted
    services.accept(post=answer, member=kari_member)

    first = Client().get(_url(question)).content.decode()
    last = Client().get(_url(question), {"page": 3}).content.decode()

    assert first.index(f'id="post-{answer.pk}"') < first.index(f'id="post-{long_thread[0].pk}"')
    assert "application/ld+json" in first  # the solved thread's QAPage markup, once
    assert "application/ld+json" not in last


def test_a_posts_address_finds_its_page_and_keeps_the_query(
    question: Thread, long_thread: list[Post]
) -> None:
    late = long_thread[REPLIES_PER_PAGE + 4]  # a reply on page 2
    found = Client().get(f"{_url(question)}posts/{late.pk}/", {"flagged": late.pk})
    opening = Post.objects.get(thread=question, opening=True)

    assert found.status_code == 302
    assert found["Location"] == f"{_url(question)}?flagged={late.pk}&page=2#post-{late.pk}"
    page = Client().get(found["Location"].split("#")[0]).content.decode()
    assert f'id="post-{late.pk}"' in page
    on_first = Client().get(f"{_url(question)}posts/{opening.pk}/")
    assert on_first["Location"] == f"{_url(question)}#post-{opening.pk}"
    assert Client().get(f"{_url(question)}posts/999999/").status_code == 404


def test_a_new_reply_lands_on_the_last_page(
    question: Thread, long_thread: list[Post], kari_member: Member
) -> None:
    kari = portal_client(kari_member.customer)

    posted = kari.post(f"{_url(question)}reply/", guarded(body="Takk, det virket!"))
    mine = Post.objects.get(thread=question, author=kari_member, opening=False)

    assert posted["Location"] == f"{_url(question)}posts/{mine.pk}/"
    landed = kari.get(posted["Location"])
    assert landed["Location"] == f"{_url(question)}?page=3#post-{mine.pk}"
    assert f'id="post-{mine.pk}"' in kari.get(landed["Location"].split("#")[0]).content.decode()
