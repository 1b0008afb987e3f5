"""Reads about cases and contacts that the desk, the API and reports share."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from lytte.cases.models import OPEN_STATUSES, Case, Contact, ContactReason
from lytte.customers.models import Customer


def cases_with_relations(cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    base = Case.objects.all() if cases is None else cases
    return base.select_related("customer", "organization", "assignee", "team", "reason")


def workable_cases(user: Any) -> QuerySet[Case]:
    """Cases `user` may change: any for supervisors; for agents, their teams', team-less, own."""
    cases = cases_with_relations()
    if user.has_perm("cases.work_any_case"):
        return cases
    return cases.filter(Q(team__isnull=True) | Q(team__members=user) | Q(assignee=user)).distinct()


def open_cases_for_customer(customer: Customer) -> QuerySet[Case]:
    return cases_with_relations(
        Case.objects.filter(customer=customer, status__in=OPEN_STATUSES)
    ).order_by("-created_at")


def recent_contacts_for_customer(customer: Customer, limit: int = 10) -> list[Contact]:
    return list(
        Contact.objects.filter(customer=customer)
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
