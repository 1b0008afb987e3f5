"""Where an article is read: the help centre for public articles, the desk for internal ones.
One place, so the desk's "insert link", the API and the help centre agree."""

from __future__ import annotations

from lytte.knowledge.models import Translation, Visibility


def public_path(language: str, slug: str) -> str:
    """The help centre's page of a public article's translation (served by the portal)."""
    return f"/help/{language}/articles/{slug}/"


def reading_path(translation: Translation) -> str:
    """Where staff and customers read it: the help centre if public, else the desk's page."""
    if translation.article.visibility == Visibility.PUBLIC:
        return public_path(translation.language, translation.slug)
    return f"/desk/knowledge/articles/{translation.article_id}/{translation.language}/"
