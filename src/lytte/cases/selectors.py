"""Reads about cases and contacts that the desk, the API and reports share."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.core.cache import cache
from django.db import models
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team, User
from lytte.cases.models import (
    OPEN_STATUSES,
    Case,
    Contact,
    ContactReason,
    Direction,
    Priority,
    Status,
)
from lytte.cases.policies import reach
from lytte.customers.addresses import parse_address
from lytte.customers.models import Customer, Organization
from lytte.platform.word_index import sqlite_matches


def cases_with_relations(cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    base = Case.objects.all() if cases is None else cases
    return base.select_related("customer", "organization", "assignee", "team", "reason")


def visible_cases(user: User | None) -> QuerySet[Case]:
    """The cases `user` may see (decision 19): any for supervisors; for agents, their teams',
    team-less and their own. None is the system itself, which sees every case."""
    return Case.objects.filter(reach(user))


def visible_contacts(user: User | None) -> QuerySet[Contact]:
    """The contacts `user` may see: those of the cases they may see."""
    return Contact.objects.filter(reach(user, "case__"))


def workable_cases(user: User | None) -> QuerySet[Case]:
    """Cases `user` may change: the cases they may see, if they may change cases at all."""
    if user is not None and not user.has_perm("cases.change_case"):
        return Case.objects.none()
    return cases_with_relations(visible_cases(user))


def open_cases_for_customer(customer: Customer, user: User | None) -> QuerySet[Case]:
    """The customer's open cases that `user` may see, newest first."""
    return cases_with_relations(
        visible_cases(user).filter(customer=customer, status__in=OPEN_STATUSES)
    ).order_by("-created_at")


def recent_contacts_for_customer(customer: Customer, user: User, limit: int = 10) -> list[Contact]:
    """The customer's last contacts on every channel that `user` may see (our internal notes
    are not contacts)."""
    return list(
        visible_contacts(user)
        .filter(customer=customer)
        .exclude(direction=Direction.INTERNAL)
        .select_related("case", "reason", "handled_by")
        .order_by("-started_at", "-id")[:limit]
    )


def case_timeline(case: Case) -> QuerySet[Contact]:
    return case.contacts.select_related("reason", "handled_by").order_by("started_at", "id")


def active_reasons() -> QuerySet[ContactReason]:
    return ContactReason.objects.filter(active=True).select_related("parent")


def contacts_with_relations(contacts: QuerySet[Contact] | None = None) -> QuerySet[Contact]:
    base = Contact.objects.all() if contacts is None else contacts
    return base.select_related("case", "customer", "reason", "handled_by")


class Queue(StrEnum):
    """The desk's queues, seen from one member of staff."""

    MINE = "mine"
    TEAM = "team"
    UNASSIGNED = "unassigned"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return str(QUEUE_LABELS[self])


QUEUE_LABELS = {
    Queue.MINE: _("My cases"),
    Queue.TEAM: _("My teams' cases"),
    Queue.UNASSIGNED: _("Unassigned"),
    Queue.PENDING: _("Pending"),
}
ACTIVE_STATUSES = (Status.NEW, Status.OPEN)
_URGENCY = models.Case(
    models.When(priority=Priority.URGENT, then=3),
    models.When(priority=Priority.HIGH, then=2),
    models.When(priority=Priority.NORMAL, then=1),
    default=0,
    output_field=models.IntegerField(),
)


def _team_ids(user: User) -> list[int]:
    return list(user.teams.values_list("pk", flat=True))


def queue_filter(user: User, queue: Queue, team_ids: list[int] | None = None) -> Q:
    """Which cases are in `queue` for `user`. Unassigned and pending cover the user's teams and
    cases of no team; supervisors see every team's."""
    teams = _team_ids(user) if team_ids is None else team_ids
    everyone = user.has_perm("cases.work_any_case")
    in_reach = Q() if everyone else Q(team__in=teams) | Q(team__isnull=True)
    if queue == Queue.MINE:
        return Q(assignee=user, status__in=ACTIVE_STATUSES)
    if queue == Queue.TEAM:
        return Q(team__in=teams, status__in=ACTIVE_STATUSES)
    if queue == Queue.UNASSIGNED:
        return in_reach & Q(assignee__isnull=True, status__in=ACTIVE_STATUSES)
    return (Q(assignee=user) | (in_reach & Q(assignee__isnull=True)) | Q(team__in=teams)) & Q(
        status=Status.PENDING
    )


def queue_cases(user: User, queue: Queue, limit: int = 50) -> list[Case]:
    """The cases of one queue, most urgent and oldest first."""
    return _most_urgent(Case.objects.filter(queue_filter(user, queue)), limit)


def _most_urgent(cases: QuerySet[Case], limit: int) -> list[Case]:
    """The first `limit` of `cases`, most urgent and oldest first, with their relations.

    A queue holds thousands of cases; the page's ids are picked from the case_queue index
    alone, and only those rows are read and joined (sorting whole rows took 10-30 ms)."""
    ordering = ("-urgency", "created_at")
    page = cases.annotate(urgency=_URGENCY).order_by(*ordering).values("pk")[:limit]
    return list(
        cases_with_relations(Case.objects.filter(pk__in=page))
        .annotate(urgency=_URGENCY)
        .order_by(*ordering)
    )


def queue_counts(user: User) -> dict[Queue, int]:
    """How many cases wait in each queue, in one query over the open cases (every queue is a
    subset of them), counted from the case_queue index without reading the rows."""
    teams = _team_ids(user)
    totals = Case.objects.filter(status__in=OPEN_STATUSES).aggregate(
        **{f"in_{q.value}": Count("pk", filter=queue_filter(user, q, teams)) for q in Queue}
    )
    return {q: int(totals[f"in_{q.value}"] or 0) for q in Queue}


def team_cases(team: Team | None, limit: int = 50) -> list[Case]:
    """A team's active cases (or those of no team, for None), most urgent and oldest first."""
    scope = Q(team=team) if team is not None else Q(team__isnull=True)
    return _most_urgent(Case.objects.filter(scope, status__in=ACTIVE_STATUSES), limit)


def team_queue_counts() -> list[dict[str, Any]]:
    """Open and unassigned cases per team (and of no team), for supervisors."""
    rows = (
        Case.objects.filter(status__in=ACTIVE_STATUSES)
        .values("team_id", "team__name")
        .annotate(
            open=Count("pk"),
            unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        )
        .order_by("team__name")
    )
    return list(rows)


def frequent_reasons(
    *, customer: Customer | None = None, organization: Organization | None = None, limit: int = 5
) -> list[ContactReason]:
    """Reasons to offer first: this customer's own, then their organization's, then the most
    common of the last 90 days (cached: it changes slowly and costs a scan)."""
    chosen: list[ContactReason] = []
    scopes: list[Q] = []
    if customer is not None:
        scopes.append(Q(customer=customer))
    if organization is not None:
        scopes.append(Q(organization=organization))
    for scope in scopes:
        ids = (
            Case.objects.filter(scope, reason__isnull=False)
            .values("reason_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "reason_id")
            .values_list("reason_id", flat=True)[: limit * 2]
        )
        _extend(chosen, list(ids), limit)
    _extend(chosen, _common_reason_ids(), limit)
    return chosen


def _extend(chosen: list[ContactReason], ids: list[int], limit: int) -> None:
    if len(chosen) >= limit:
        return
    known = {r.pk for r in chosen}
    reasons = ContactReason.objects.in_bulk([i for i in ids if i not in known])
    for reason_id in ids:
        reason = reasons.get(reason_id)
        if reason is not None and reason.active and len(chosen) < limit:
            chosen.append(reason)


def _common_reason_ids() -> list[int]:
    cached: list[int] | None = cache.get("cases:common-reasons")
    if cached is None:
        since = timezone.now() - timedelta(days=90)
        cached = list(
            Case.objects.filter(created_at__gte=since, reason__isnull=False)
            .values("reason_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "reason_id")
            .values_list("reason_id", flat=True)[:20]
        )
        cache.set("cases:common-reasons", cached, 600)
    return cached


def reasons_matching(text: str, language: str | None = None, limit: int = 8) -> list[ContactReason]:
    """Active reasons whose name (in any language) or code contains `text`, those whose name in
    the user's language starts with it first."""
    needle = text.strip().casefold()
    reasons = list(active_reasons())
    if not needle:
        return reasons[:limit]

    def names(reason: ContactReason) -> list[str]:
        return [
            reason.localized_name(language).casefold(),
            reason.code,
            *(
                n.casefold()
                for n in (
                    reason.name,
                    reason.name_nb,
                    reason.name_da,
                    reason.name_sv,
                    reason.name_fi,
                )
                if n
            ),
        ]

    hits = [r for r in reasons if any(needle in n for n in names(r))]
    hits.sort(
        key=lambda r: (not r.localized_name(language).casefold().startswith(needle), r.position)
    )
    return hits[:limit]


def case_by_number(number: int) -> Case | None:
    return cases_with_relations(Case.objects.filter(number=number)).first()


def search_cases(text: str, user: User, limit: int = 10) -> list[Case]:
    """Cases `user` may see, by number ("1234", "#1234") or by words of their subject."""
    text = text.strip()
    digits = text.lstrip("#")
    if digits.isdigit():
        return list(cases_with_relations(visible_cases(user).filter(number=int(digits)))[:limit])
    words = text.split()
    if not words or len(text) < 3:
        return []
    visible = _subject_hits(words[:5]).filter(reach(user))
    hits = visible.order_by("-created_at").values("pk")[:limit]
    return list(cases_with_relations(Case.objects.filter(pk__in=hits)).order_by("-created_at"))


def _subject_hits(words: list[str]) -> QuerySet[Case]:
    """Cases whose subject contains every word, in any case (decision 18).

    Read along the (created_at, subject) index, newest first, words in few subjects meant
    reading all 300,000 (25 ms on SQLite; on PostgreSQL `icontains` uses the pg_trgm index).
    On SQLite, when fewer than a thousand subjects have the words, the FTS5 trigram table
    names them and only those cases are read; more, and the walk finds the newest soon."""
    matches = sqlite_matches("cases_case_subject_fts", words)
    shorter = Q()
    for word in words:
        if matches is None or len(word) < 3:
            shorter &= Q(subject__icontains=word)
    return Case.objects.filter(shorter, **({} if matches is None else {"pk__in": matches}))


def reason_history(customer: Customer, user: User, limit: int = 5) -> list[dict[str, Any]]:
    """Why this customer contacted before (on the cases `user` may see): reasons with counts,
    most frequent first."""
    rows = (
        visible_cases(user)
        .filter(customer=customer, reason__isnull=False)
        .values("reason_id")
        .annotate(n=Count("pk"), last=Max("created_at"))
        .order_by("-n", "-last")[:limit]
    )
    reasons = ContactReason.objects.in_bulk([row["reason_id"] for row in rows])
    return [
        {"reason": reasons[row["reason_id"]], "count": row["n"], "last": row["last"]}
        for row in rows
    ]


def caller_address(case: Case) -> str:
    """The number or address an unknown customer contacted us from, as the channel gave it
    (the first inbound contact's that can be read), or "" when there is none."""
    for address in (
        case.contacts.filter(direction=Direction.INBOUND)
        .exclude(address="")
        .order_by("started_at")
        .values_list("address", flat=True)[:5]
    ):
        try:
            parse_address(address)
        except ValueError:
            continue
        return address
    return ""


def last_customer_text(case: Case) -> str:
    """What the customer wrote last on the case (an email, a chat, a form), or ""."""
    return (
        case.contacts.filter(direction=Direction.INBOUND)
        .exclude(body="")
        .order_by("-started_at")
        .values_list("body", flat=True)
        .first()
        or ""
    )
