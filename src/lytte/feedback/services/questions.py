"""The question and its "what went wrong" choices, per language, in versions never changed."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.audit.services import record
from lytte.feedback.models import Choice, Question


def _defaults() -> tuple[str, str, str, list[str]]:
    return (
        _("How satisfied are you with how we handled your case?"),
        _("Would you like to tell us more?"),
        _("What went wrong?"),
        [
            _("It took too long"),
            _("My problem was not solved"),
            _("I had to explain it more than once"),
            _("The answer was hard to understand"),
            _("I was not treated well"),
        ],
    )


@transaction.atomic
def publish_question(
    *,
    language: str,
    text: str,
    comment_prompt: str,
    choices_prompt: str,
    choices: list[str],
    by: User | None,
) -> Question:
    """A new version of the language's question (earlier answers keep theirs)."""
    # Lock the language's versions, then count them (PostgreSQL locks no aggregate's rows).
    versions = list(
        Question.objects.select_for_update()
        .filter(language=language)
        .values_list("version", flat=True)
    )
    version = max(versions, default=0) + 1
    question = Question.objects.create(
        language=language,
        version=version,
        text=text.strip(),
        comment_prompt=comment_prompt.strip(),
        choices_prompt=choices_prompt.strip(),
        created_by=by,
    )
    labels = [label.strip() for label in choices if label.strip()]
    Choice.objects.bulk_create(
        Choice(question=question, label=label, position=i) for i, label in enumerate(labels)
    )
    record(actor=by, action="survey.question_published", target=question, version=version)
    return question


def current_question(language: str) -> Question:
    """The language's newest version; the first time, one made from the built-in words."""
    question = Question.objects.filter(language=language).order_by("-version").first()
    if question is not None:
        return question
    with translation.override(language):
        text, comment_prompt, choices_prompt, choices = _defaults()
    return publish_question(
        language=language,
        text=text,
        comment_prompt=comment_prompt,
        choices_prompt=choices_prompt,
        choices=choices,
        by=None,
    )
