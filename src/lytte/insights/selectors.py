"""Reads: reason suggestions for a text, and how good suggestions have been in real use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from lytte.cases.models import ContactReason
from lytte.insights.confidence import confident as is_confident
from lytte.insights.keywords import keyword_scores
from lytte.insights.live import live_model, vector_for
from lytte.insights.models import KeywordRule, ReasonSuggestion


@dataclass(frozen=True)
class Suggestion:
    reason: ContactReason
    score: float  # 0..1
    source: str  # "model" or "keywords"


@dataclass(frozen=True)
class Suggestions:
    items: list[Suggestion]
    model_version: int | None
    # The first item is sure enough to be chosen for the agent (decisions 14 and 52); when not,
    # the items are only "maybe": shown, none chosen.
    confident: bool = False

    @property
    def sure(self) -> ContactReason | None:
        """The first suggestion when it is confident, else None."""
        if self.items and self.confident:
            return self.items[0].reason
        return None


def suggest(text: str, *, top: int = 3) -> Suggestions:
    """The `top` likeliest active reasons for `text`, best first: the live model for the
    reasons it knows, keyword rules for the others; and whether the first is confident."""
    text = text[:5000]
    loaded = live_model()
    scores: dict[str, tuple[float, str]] = {}
    known: set[str] = set()
    thresholds: dict[str, float | None] = {}
    if loaded is not None and text.strip():
        _version, classifier = loaded
        known = set(classifier.reasons)
        vector = vector_for(classifier, text)
        for scored in classifier.suggest(text, top=len(known), vector=vector):
            scores[scored.reason] = (scored.score, "model")
            thresholds[scored.reason] = classifier.threshold(scored.reason, vector is not None)
    rules = [
        (rule.reason.code, rule.words())
        for rule in KeywordRule.objects.filter(active=True, reason__active=True).select_related(
            "reason"
        )
        if rule.reason.code not in known
    ]
    by_keywords = keyword_scores(text, rules)
    # A rule's hit is for a reason the model cannot know: it takes its share of the certainty.
    share = 1 - max(by_keywords.values(), default=0.0)
    scores = {code: (score * share, source) for code, (score, source) in scores.items()}
    for code, score in by_keywords.items():
        scores[code] = (score, "keywords")
        thresholds[code] = None
    ranked = sorted(scores.items(), key=lambda item: item[1][0], reverse=True)
    reasons = ContactReason.objects.filter(
        active=True, code__in=[code for code, _s in ranked[: top * 2]]
    )
    by_code = {reason.code: reason for reason in reasons.select_related("parent")}
    items = [
        Suggestion(by_code[code], round(score, 3), source)
        for code, (score, source) in ranked
        if code in by_code and score >= 0.05
    ][:top]
    first = items[0] if items else None
    confident = first is not None and is_confident(
        first.score, thresholds[first.reason.code], settings.REASONS_PRESELECT
    )
    return Suggestions(items, loaded[0] if loaded else None, confident)


@dataclass(frozen=True)
class Accuracy:
    reason: ContactReason | None  # None: all reasons together
    chosen: int  # times agents chose a reason after seeing suggestions
    first: int  # ... and it was the first suggestion
    in_top_three: int

    @property
    def first_rate(self) -> float:
        return self.first / self.chosen if self.chosen else 0.0

    @property
    def top_three_rate(self) -> float:
        return self.in_top_three / self.chosen if self.chosen else 0.0


def suggestion_accuracy(*, days: int = 30) -> list[Accuracy]:
    """How often the agents' final choice was the first suggestion, or among the three: all
    reasons first, then per chosen reason, most chosen first."""
    since = timezone.now() - timedelta(days=days)
    rows = (
        ReasonSuggestion.objects.filter(created_at__gte=since)
        .values("chosen")
        .annotate(
            chosen_count=Count("id"),
            first=Count("id", filter=Q(rank=1)),
            top=Count("id", filter=Q(rank__isnull=False)),
        )
        .order_by("-chosen_count")
    )
    reasons = ContactReason.objects.in_bulk([row["chosen"] for row in rows])
    per_reason = [
        Accuracy(reasons.get(row["chosen"]), row["chosen_count"], row["first"], row["top"])
        for row in rows
    ]
    total = Accuracy(
        None,
        sum(a.chosen for a in per_reason),
        sum(a.first for a in per_reason),
        sum(a.in_top_three for a in per_reason),
    )
    return [total, *per_reason]
