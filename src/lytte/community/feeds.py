"""Atom feeds per category (issue 16): the newest threads of a category in one language, each
with its title, link, the author's display name and the opening post's text (as plain text,
cut short). No personal data beyond display names; threads whose title was erased, or whose
opening post is held, hidden or erased, are left out."""

from __future__ import annotations

from datetime import datetime
from html import unescape

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from lytte.community import selectors
from lytte.community.models import Category, Post, PostState, Thread
from lytte.knowledge.services.markdown import render as render_markdown

ITEMS = 30
SUMMARY_WORDS = 60


class CategoryFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, lang: str, slug: str) -> tuple[Category, str]:
        chosen = selectors.category_in(lang, slug)
        if chosen is None:
            raise Http404
        return chosen, lang

    def title(self, obj: tuple[Category, str]) -> str:
        category, lang = obj
        return _("%(category)s · Community") % {"category": category.localized_name(lang)}

    def link(self, obj: tuple[Category, str]) -> str:
        category, lang = obj
        return reverse("community:category", args=[lang, category.slug])

    def subtitle(self, obj: tuple[Category, str]) -> str:
        return _("The newest threads of this category.")

    def items(self, obj: tuple[Category, str]) -> list[Thread]:
        category, lang = obj
        found = list(selectors.threads(category, lang).exclude(title="")[: ITEMS * 2])
        openings = {
            post.thread_id: post
            for post in Post.objects.filter(
                thread__in=found, opening=True, state=PostState.VISIBLE, erased_at__isnull=True
            )
        }
        for thread in found:
            thread.feed_opening = openings.get(thread.pk)  # type: ignore[attr-defined]
        return [t for t in found if t.feed_opening is not None][:ITEMS]  # type: ignore[attr-defined]

    def item_title(self, item: Thread) -> str:
        return item.title

    def item_link(self, item: Thread) -> str:
        return reverse("community:thread", args=[item.language, item.pk])

    def item_description(self, item: Thread) -> str:
        opening: Post = item.feed_opening  # type: ignore[attr-defined]
        text = " ".join(unescape(strip_tags(render_markdown(opening.body))).split())
        return Truncator(text).words(SUMMARY_WORDS)

    def item_author_name(self, item: Thread) -> str:
        return item.author.shown_name

    def item_pubdate(self, item: Thread) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Thread) -> datetime:
        return item.last_activity_at

    def item_guid(self, item: Thread) -> str:
        return settings.BASE_URL.rstrip("/") + self.item_link(item)


category_feed = CategoryFeed()
