"""Knowledge gaps: what the knowledge base does not answer (decision 34). Help-centre searches
that found nothing or that nobody opened, articles readers found unhelpful, reasons with many
contacts and no article, and cases logged soon after the customer searched the help centre.

Every function takes the same `GapFilters` and returns plain rows, for the page and the CSV
exports. Reads only: the knowledge models' searches and feedback, cases and the rollups."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Lower

from lytte.cases.models import Case, ContactReason
from lytte.insights.models import ContactDay
from lytte.insights.rollups import day_bounds
from lytte.knowledge.links import reading_path
from lytte.knowledge.models import Feedback, SearchQuery, SearchSource, State, Translation

# A case logged this long after the same customer's help-centre search: self-service did not
# answer them.
SELF_SERVICE_WINDOW = timedelta(hours=24)
ROWS = 20  # rows per table on the page (the exports hold them all)
COMMENTS = 3  # latest comments shown per unhelpful article
SPACE = re.compile(r"\s+")
EDGE_PUNCTUATION = " \t\"'«»“”‘’.,;:!?()[]{}"  # noqa: RUF001


@dataclass(frozen=True)
class GapFilters:
    start: date
    end: date  # inclusive
    language: str = ""  # "" for every language

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        return day_bounds(self.start)[0], day_bounds(self.end)[1]

    def query(self) -> dict[str, str]:
        params = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.language:
            params["language"] = self.language
        return params


def normalised(query: str) -> str:
    """A search as it is counted: lower case, single spaces, no quotes or stops around it."""
    return SPACE.sub(" ", query.lower()).strip(EDGE_PUNCTUATION)


def _portal_searches(filters: GapFilters) -> QuerySet[SearchQuery]:
    start, end = filters.bounds
    rows = SearchQuery.objects.filter(
        source=SearchSource.PORTAL, created_at__gte=start, created_at__lt=end
    )
    return rows.filter(language=filters.language) if filters.language else rows


def _grouped(searches: QuerySet[SearchQuery], total: int) -> list[dict[str, Any]]:
    """Searches by normalised query, most frequent first: the database groups by lower case,
    this by the rest (spaces, quotes), which merges few rows."""
    counts: dict[str, int] = defaultdict(int)
    for query, n in (
        searches.annotate(lowered=Lower("query"))
        .values_list("lowered")
        .annotate(n=Count("id"))
        .values_list("lowered", "n")
    ):
        if key := normalised(query):
            counts[key] += n
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"query": query, "searches": n, "share": round(n / total, 4) if total else None}
        for query, n in ranked
    ]


def search_summary(filters: GapFilters) -> dict[str, int]:
    """How many help-centre searches there were, found nothing, and found something nobody
    opened."""
    return _portal_searches(filters).aggregate(
        searches=Count("id"),
        without_results=Count("id", filter=Q(results=0)),
        without_clicks=Count("id", filter=Q(results__gt=0, clicked__isnull=True)),
    )


def searches_without_results(filters: GapFilters) -> list[dict[str, Any]]:
    """Help-centre searches that found nothing, by normalised query (share: of all searches)."""
    searches = _portal_searches(filters)
    return _grouped(searches.filter(results=0), searches.count())


def searches_without_clicks(filters: GapFilters) -> list[dict[str, Any]]:
    """Help-centre searches that found articles of which the reader opened none."""
    searches = _portal_searches(filters)
    return _grouped(searches.filter(results__gt=0, clicked__isnull=True), searches.count())


def unhelpful_articles(filters: GapFilters) -> list[dict[str, Any]]:
    """Translations readers marked not helpful in the period: how often, the share of all
    their answers, and the latest comments; most "not helpful" first."""
    start, end = filters.bounds
    given = Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
    if filters.language:
        given = given.filter(translation__language=filters.language)
    rows = list(
        given.values("translation")
        .annotate(
            answers=Count("id"),
            unhelpful=Count("id", filter=Q(helpful=False)),
        )
        .filter(unhelpful__gt=0)
        .order_by("-unhelpful", "-answers", "translation")
    )
    translations = Translation.objects.select_related("article").in_bulk(
        [row["translation"] for row in rows]
    )
    comments: dict[int, list[str]] = defaultdict(list)
    latest = (
        given.filter(helpful=False, translation__in=[row["translation"] for row in rows[:ROWS]])
        .exclude(comment="")
        .order_by("-created_at", "-pk")
        .values_list("translation", "comment")
    )
    for translation, comment in latest:
        if len(comments[translation]) < COMMENTS:
            comments[translation].append(comment)
    return [
        {
            "translation": translations[row["translation"]],
            "title": translations[row["translation"]].title,
            "language": translations[row["translation"]].language,
            "path": reading_path(translations[row["translation"]]),
            "unhelpful": row["unhelpful"],
            "answers": row["answers"],
            "share": round(row["unhelpful"] / row["answers"], 4),
            "comments": comments.get(row["translation"], []),
        }
        for row in rows
    ]


def reasons_without_articles(filters: GapFilters) -> list[dict[str, Any]]:
    """Contact reasons with customer contacts in the period (from the rollups) and no published
    article linked to them (in the language chosen, if one is), most contacts first."""
    contacts = (
        ContactDay.objects.filter(
            day__gte=filters.start, day__lte=filters.end, reason__isnull=False
        )
        .values_list("reason_id")
        .annotate(n=Sum("contacts"))
        .filter(n__gt=0)
    )
    published = Translation.objects.filter(state=State.PUBLISHED)
    if filters.language:
        published = published.filter(language=filters.language)
    answered = set(
        ContactReason.objects.filter(articles__translations__in=published).values_list(
            "pk", flat=True
        )
    )
    per_reason = {reason: n for reason, n in contacts if reason not in answered}
    reasons = ContactReason.objects.select_related("parent").in_bulk(list(per_reason))
    ranked = sorted(per_reason.items(), key=lambda item: -item[1])
    return [
        {"reason": reasons[reason], "label": _reason_label(reasons[reason]), "contacts": n}
        for reason, n in ranked
        if reason in reasons
    ]


def _reason_label(reason: ContactReason) -> str:
    name = reason.localized_name()
    return f"{reason.parent.localized_name()} › {name}" if reason.parent else name  # noqa: RUF001


def _searched_before(filters: GapFilters, case_created: Any, customer: Any) -> QuerySet[Any]:
    searches = SearchQuery.objects.filter(
        source=SearchSource.PORTAL,
        customer_id=customer,
        created_at__lte=case_created,
        created_at__gte=case_created - SELF_SERVICE_WINDOW,
    )
    return searches.filter(language=filters.language) if filters.language else searches


def cases_after_search(filters: GapFilters) -> QuerySet[Case]:
    """Cases logged in the period within 24 hours after a help-centre search by the same
    signed-in customer: "not solved by self-service"."""
    start, end = filters.bounds
    return Case.objects.filter(
        created_at__gte=start, created_at__lt=end, customer__isnull=False
    ).filter(Exists(_searched_before(filters, OuterRef("created_at"), OuterRef("customer_id"))))


def not_solved_by_self_service(filters: GapFilters) -> dict[str, Any]:
    """The cases after a search: how many, their share of all cases opened in the period, and
    of the signed-in customers' searches how many a case followed."""
    start, end = filters.bounds
    cases = cases_after_search(filters).count()
    opened = Case.objects.filter(created_at__gte=start, created_at__lt=end).count()
    signed_in = _portal_searches(filters).filter(customer__isnull=False)
    followed = Case.objects.filter(
        customer_id=OuterRef("customer_id"),
        created_at__gte=OuterRef("created_at"),
        created_at__lte=OuterRef("created_at") + SELF_SERVICE_WINDOW,
    )
    searches = signed_in.aggregate(n=Count("id"), followed=Count("id", filter=Q(Exists(followed))))
    return {
        "cases": cases,
        "share": round(cases / opened, 4) if opened else None,
        "searches": searches["n"],
        "searches_followed": searches["followed"],
        "search_share": round(searches["followed"] / searches["n"], 4) if searches["n"] else None,
    }


def cases_after_search_by_reason(filters: GapFilters) -> list[dict[str, Any]]:
    """The cases after a search by their reason (None: no reason yet), most first."""
    rows = (
        cases_after_search(filters)
        .values_list("reason_id")
        .annotate(n=Count("id"))
        .order_by("-n", "reason_id")
    )
    reasons = ContactReason.objects.select_related("parent").in_bulk(
        [reason for reason, _n in rows if reason is not None]
    )
    return [
        {
            "reason": reasons.get(reason) if reason else None,
            "label": _reason_label(reasons[reason]) if reason in reasons else "",
            "cases": n,
        }
        for reason, n in rows
    ]
