"""A comment's words as the knowledge search reads text (lytte.knowledge.search.analysis):
folded, stop words left out, Snowball-stemmed in the comment's language. Stored per survey as
`CommentTerm`s when an answer is saved, so the comment search and the comment themes are
grouped and filtered in the database."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from lytte.feedback.models import CommentTerm, Survey
from lytte.knowledge.search.analysis import LANGUAGES, WORD_MAX, fold, stem, words
from lytte.knowledge.search.stopwords import STOPWORDS

SHORTEST = 3  # "ok", "å", numbers of one or two digits say nothing as a theme
MAX_QUERY_WORDS = 8


def _language(language: str) -> str:
    code = (language or settings.LANGUAGE_CODE).split("-")[0]
    return code if code in LANGUAGES else "en"


def _kept(word: str, language: str) -> bool:
    return (
        SHORTEST <= len(word) <= WORD_MAX
        and not word.isdigit()
        and word not in STOPWORDS[language]
        and fold(word) not in STOPWORDS[language]
    )


def comment_terms(text: str, language: str) -> dict[str, str]:
    """Stem → the first form the comment wrote it in (lower case)."""
    language = _language(language)
    found: dict[str, str] = {}
    for word in words(text):
        if _kept(word, language):
            found.setdefault(stem(word, language)[:60], word[:60])
    return found


def query_terms(text: str) -> list[set[str]]:
    """For each word searched, the stems it may have in a comment of any language (the
    searcher's language is not the commenter's): a comment matches with one of each."""
    wanted = [word for word in words(text)[:MAX_QUERY_WORDS] if len(word) >= 2]
    return [
        {stem(form, language)[:60] for language in LANGUAGES for form in (word, fold(word))}
        for word in wanted
    ]


def index_comment(survey: Survey) -> int:
    """Replace the survey's stored words with its comment's; returns how many."""
    CommentTerm.objects.filter(survey=survey).delete()
    terms = comment_terms(survey.comment, survey.language)
    CommentTerm.objects.bulk_create(
        CommentTerm(survey=survey, term=term, word=word) for term, word in terms.items()
    )
    return len(terms)


def forget_comments(surveys: object) -> None:
    """The stored words of these surveys (a queryset), when their comments go."""
    CommentTerm.objects.filter(survey__in=surveys).delete()


def reindex_comments(*, chunk: int = 1000) -> int:
    """Store the words of every survey's comment again (surveys answered before the comment
    search, a restore, a bulk load, a change to the stemming); returns how many comments.
    Chunk by chunk, each in its own transaction; words of comments gone since are dropped."""
    CommentTerm.objects.filter(survey__comment="").delete()
    commented = Survey.objects.exclude(comment="").order_by("pk").values_list("pk", flat=True)
    done, after = 0, 0
    while ids := list(commented.filter(pk__gt=after)[:chunk]):
        with transaction.atomic():
            surveys = Survey.objects.filter(pk__in=ids).only("pk", "comment", "language")
            CommentTerm.objects.filter(survey_id__in=ids).delete()
            CommentTerm.objects.bulk_create(
                (
                    CommentTerm(survey=survey, term=term, word=word)
                    for survey in surveys
                    for term, word in comment_terms(survey.comment, survey.language).items()
                ),
                batch_size=1000,
            )
        done, after = done + len(ids), ids[-1]
    return done
