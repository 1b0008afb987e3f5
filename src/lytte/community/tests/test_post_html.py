"""A post's text is rendered and sanitised once, when written (`Post.body_html`), and the thread
page shows that; erasure and retention take it with the text."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client

from lytte.community import services
from lytte.community.models import Member, Post, Thread
from lytte.community.rendering import shown_html

pytestmark = pytest.mark.django_db


def _opening(thread: Thread) -> Post:
    return thread.posts.get(opening=True)


def test_a_post_is_stored_rendered_and_sanitised(question: Thread, ola_member: Member) -> None:
    assert "<strong>ikke</strong>" in _opening(question).body_html
    post = services.reply(
        thread=question, body="Prøv *dette* <script>alert(1)</script>", member=ola_member
    )
    post.refresh_from_db()
    assert "<em>dette</em>" in post.body_html
    assert "<script>" not in post.body_html  # raw HTML comes out as text


def test_an_edit_stores_the_new_html(question: Thread, kari_member: Member) -> None:
    opening = _opening(question)
    services.edit(
        post=opening, body="Nå har jeg **fått** den.", member=kari_member, title=question.title
    )
    opening.refresh_from_db()
    assert "<strong>fått</strong>" in opening.body_html
    assert "ikke" not in opening.body_html


def test_the_page_shows_the_stored_html(question: Thread) -> None:
    # What was stored at writing is what is shown: the page renders no Markdown again.
    Post.objects.filter(pk=_opening(question).pk).update(body_html="<p>Lagret æøå</p>")
    page = Client().get(f"/help/nb/community/threads/{question.pk}/").content.decode()
    assert "<p>Lagret æøå</p>" in page
    assert "<strong>ikke</strong>" not in page


def test_a_row_without_stored_html_is_rendered_when_shown(question: Thread) -> None:
    Post.objects.filter(pk=_opening(question).pk).update(body_html="")
    page = Client().get(f"/help/nb/community/threads/{question.pk}/").content.decode()
    assert "<strong>ikke</strong>" in page
    assert shown_html("", "") == ""


def test_the_migration_renders_the_posts_there_are(question: Thread, ola_member: Member) -> None:
    reply = services.reply(thread=question, body="Ring **oss**.", member=ola_member)
    Post.objects.update(body_html="")
    migration = importlib.import_module("lytte.community.migrations.0013_post_html")
    migration.render_posts(apps, None)
    assert "<strong>ikke</strong>" in _opening(question).body_html
    assert Post.objects.get(pk=reply.pk).body_html == "<p>Ring <strong>oss</strong>.</p>\n"
