"""What the help centre reads: the category tree with its counts, the published public articles
of one language, an article's translations, related and popular articles. A customer only ever
sees translations that are published and whose article is public."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone

from lytte.knowledge.models import (
    Category,
    SearchQuery,
    SearchSource,
    SlugRedirect,
    Translation,
)
from lytte.knowledge.search import Audience, similar_translations
from lytte.knowledge.selectors import public_translations

POPULAR_DAYS = 90  # "popular": opened most often from the help centre's search lately


def readable(language: str) -> QuerySet[Translation]:
    """The translations a customer may read in `language`."""
    return public_translations().filter(language=language)


def readable_translation(language: str, slug: str) -> Translation | None:
    return readable(language).select_related("article__category").filter(slug=slug).first()


def renamed_translation(language: str, slug: str) -> Translation | None:
    """The readable translation that once had `slug` (an old link), if any."""
    moved = SlugRedirect.objects.filter(language=language, slug=slug).first()
    if moved is None:
        return None
    return readable(language).filter(pk=moved.translation_id).first()


def elsewhere(slug: str, language: str) -> list[Translation]:
    """Readable translations of the articles whose translation in another language has `slug`,
    the ones in `language` first: a link shared across languages still leads somewhere."""
    article_ids = (
        public_translations().filter(slug=slug).exclude(language=language).values("article_id")
    )
    found = public_translations().filter(article_id__in=article_ids)
    return sorted(found, key=lambda t: (t.language != language, t.language, t.title))


def translations_of(translation: Translation) -> list[Translation]:
    """The article's readable translations in every language, this one included."""
    return list(
        public_translations().filter(article_id=translation.article_id).order_by("language")
    )


RELATED = 3  # articles like this one shown when its editors chose none


def related(translation: Translation) -> list[Translation]:
    """The articles the editors linked to this one; if they linked none and hybrid search is
    on, the RELATED most like it by their sentence embeddings (decision 54)."""
    chosen = list(
        readable(translation.language)
        .filter(article__in=translation.article.related.all())
        .order_by("title")
    )
    if chosen:
        return chosen
    ids = similar_translations(translation.pk, audience=Audience.PUBLIC, limit=RELATED)
    found = readable(translation.language).in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def popular(language: str, limit: int = 5) -> list[Translation]:
    """The articles most often opened from the help centre's search lately, then the newest."""
    since = timezone.now() - timedelta(days=POPULAR_DAYS)
    # The language's searches, not "clicked in the readable ones": that asks every readable
    # translation's id. An opened article no longer readable is skipped below; twice the
    # limit is read so one such does not leave a place to the newest.
    opened = (
        SearchQuery.objects.filter(
            source=SearchSource.PORTAL,
            language=language,
            created_at__gte=since,
            clicked__isnull=False,
        )
        .values("clicked")
        .annotate(opens=Count("pk"))
        .order_by("-opens", "clicked")[: limit * 2]
    )
    ids = [row["clicked"] for row in opened]
    by_id = readable(language).in_bulk(ids)
    chosen = [by_id[pk] for pk in ids if pk in by_id][:limit]
    if len(chosen) < limit:
        newest = readable(language).exclude(pk__in=ids).order_by("-published_at", "-pk")
        chosen += list(newest[: limit - len(chosen)])
    return chosen


@dataclass
class CategoryNode:
    """A category with the number of readable articles in it and below it."""

    category: Category
    name: str
    count: int = 0
    children: list[CategoryNode] = field(default_factory=list)


def _counts(language: str) -> dict[int, int]:
    """Readable articles per category, read at most once a minute per language (a topic's
    count a minute old is right enough; counting 10,000 articles on each visit is not)."""
    return dict(
        readable(language)
        .filter(article__category__isnull=False)
        .values_list("article__category")
        .annotate(n=Count("pk"))
        .values_list("article__category", "n")
    )


def category_tree(language: str) -> list[CategoryNode]:
    """The top categories, each with its subtree; those with no article in `language` at any
    depth are left out."""
    counts: Counter[int] = Counter(
        cache.get_or_set(f"help.topics.{language}", lambda: _counts(language), 60)
    )
    nodes = {
        category.pk: CategoryNode(category, category.localized_name(language), counts[category.pk])
        for category in Category.objects.all()
    }
    roots: list[CategoryNode] = []
    for node in nodes.values():
        parent = nodes.get(node.category.parent_id or 0)
        (parent.children if parent else roots).append(node)

    def total(node: CategoryNode) -> int:
        node.count += sum(total(child) for child in node.children)
        node.children = [child for child in node.children if child.count]
        return node.count

    return [root for root in roots if total(root)]


def find_node(tree: list[CategoryNode], slug: str) -> tuple[list[CategoryNode], CategoryNode]:
    """The node of `slug` in `tree` and its ancestors, top first; LookupError if not there."""
    for node in tree:
        if node.category.slug == slug:
            return [], node
        try:
            path, found = find_node(node.children, slug)
        except LookupError:
            continue
        return [node, *path], found
    raise LookupError(slug)


def in_category(language: str, category: Category) -> list[Translation]:
    return list(
        readable(language).filter(article__category=category).order_by("article__position", "title")
    )


def ancestors(category: Category | None, language: str) -> list[tuple[Category, str]]:
    """The category and the ones above it, top first, with their names in `language`."""
    chain: list[tuple[Category, str]] = []
    while category is not None:
        chain.insert(0, (category, category.localized_name(language)))
        category = category.parent
    return chain
