"""Answers become knowledge (issue 16): an editor makes a solved question's accepted answer a
knowledge article draft in one step. The draft is in the thread's language: the question as
its title and first section, the answer below, and a line crediting the member who answered
by display name, with a link to the thread. The two stay linked by a `Promotion`: the thread
shows the article, the article's editor shows the thread."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.community import policies
from lytte.community.events import AnswerPromoted
from lytte.community.models import Post, Promotion, Thread
from lytte.knowledge import services as knowledge
from lytte.knowledge.models import Article, Visibility
from lytte.platform.events import publish


def draft_text(thread: Thread, answer: Post) -> str:
    """The draft's Markdown, its headings and credit in the thread's language."""
    opening = thread.posts.filter(opening=True).first()
    question = opening.body.strip() if opening is not None and opening.erased_at is None else ""
    path = reverse("community:thread", args=[thread.language, thread.pk])
    with translation.override(thread.language):
        if answer.by_staff:
            credit = _("Based on a staff answer in the community.")
        else:
            credit = _("Based on an answer by %(name)s in the community.") % {
                "name": answer.author.shown_name  # type: ignore[union-attr]
            }
        parts = [
            f"## {_('Question')}",
            question or thread.title,
            f"## {_('Answer')}",
            answer.body.strip(),
            f"*{credit}* [{_('Read the thread')}]({path})",
        ]
    return "\n\n".join(parts) + "\n"


def promote(*, thread: Thread, by: Any) -> Article:
    """Make `thread`'s accepted answer an article draft (public, in the thread's language) and
    link the two. Promoting a thread again (a second click) gives its article back."""
    with transaction.atomic():
        # `of`: PostgreSQL locks no nullable side of an outer join (the accepted answer).
        thread = (
            Thread.objects.select_for_update(of=("self",))
            .select_related("accepted__author")
            .get(pk=thread.pk)
        )
        existing = Promotion.objects.filter(thread=thread).select_related("article").first()
        if existing is not None and policies.is_editor(by):
            return existing.article
        if not policies.can_promote(thread, by):
            raise PermissionDenied
        answer: Post = thread.accepted  # type: ignore[assignment]
        article = knowledge.create_article(
            by=by, source_language=thread.language, visibility=Visibility.PUBLIC
        )
        knowledge.save_translation(
            article=article,
            language=thread.language,
            title=thread.title,
            body=draft_text(thread, answer),
            note=_("From the community"),
            by=by,
        )
        Promotion.objects.create(
            thread=thread, post=answer, article=article, credited=answer.author, by=by
        )
        record(
            actor=by,
            action="community.answer_promoted",
            target=thread,
            post=answer.pk,
            article=article.pk,
        )
        publish(AnswerPromoted(thread_id=thread.pk, post_id=answer.pk, article_id=article.pk))
    return article
