"""Every change to the knowledge base: articles, their translations, workflow and history.

(Contract for the knowledge editor, import, the API and the demo: the signatures below are
stable; keyword arguments may be added.) The work is in the modules of this package:
`articles` (create, save, workflow, who may), `slugs` (stable addresses), `markdown` (the
sanitiser), `history` (diff and restore) and `files` (attachments).
"""

from __future__ import annotations

from lytte.customers.models import Customer
from lytte.knowledge.models import Feedback, SearchQuery, Translation
from lytte.knowledge.services.articles import (
    TRANSITIONS,
    allowed_states,
    change_article,
    create_article,
    delete_article,
    may_publish,
    save_translation,
    set_state,
)
from lytte.knowledge.services.history import diff, restore
from lytte.knowledge.services.markdown import render
from lytte.platform.commits import relaxed_commit

__all__ = [
    "TRANSITIONS",
    "allowed_states",
    "change_article",
    "create_article",
    "delete_article",
    "diff",
    "may_publish",
    "record_click",
    "record_feedback",
    "record_search",
    "render",
    "restore",
    "save_translation",
    "set_state",
]


def record_search(
    *, source: str, language: str, query: str, results: int, customer: Customer | None = None
) -> SearchQuery:
    """Remember a search (for the knowledge gaps); the caller passes its id along to its
    result links so a click can be recorded against it. The searcher waits for no disk: a
    crash may lose the last moment's searches, never a contact (decision 46)."""
    with relaxed_commit():
        return SearchQuery.objects.create(
            source=source, language=language, query=query[:200], results=results, customer=customer
        )


def record_click(*, search_id: int, translation: Translation) -> None:
    """The reader opened `translation` from that search's results (decision 46, as searches)."""
    with relaxed_commit():
        SearchQuery.objects.filter(pk=search_id, clicked__isnull=True).update(clicked=translation)


def record_feedback(
    *, translation: Translation, helpful: bool, comment: str = "", customer: Customer | None = None
) -> Feedback:
    """A reader's "was this helpful?" on a translation."""
    return Feedback.objects.create(
        translation=translation, helpful=helpful, comment=comment.strip(), customer=customer
    )
