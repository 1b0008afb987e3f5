"""Demo cases read like a real quarter of customer service: spread over the last 90 days,
older ones finished, written in the customer's language, worked by agents in teams."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from lytte.cases.models import (
    OPEN_STATUSES,
    Case,
    Channel,
    Contact,
    ContactReason,
    Direction,
    Status,
)
from lytte.demo.texts import TEXTS

FINISHED = (Status.RESOLVED, Status.CLOSED)


def test_cases_spread_over_the_last_90_days_and_none_lies_in_the_future(shared_demo: str) -> None:
    now = timezone.now()
    created = list(Case.objects.values_list("created_at", flat=True))
    assert len(created) == 120
    assert all(now - timedelta(days=90) <= at <= now for at in created)
    months = {(now - at).days // 30 for at in created}
    assert months == {0, 1, 2}
    assert not Contact.objects.filter(started_at__gt=now).exists()
    assert not Case.objects.filter(resolved_at__gt=now).exists()
    assert not Case.objects.filter(closed_at__gt=now).exists()


def test_every_finished_case_has_a_reason_and_was_resolved_after_it_was_opened(
    shared_demo: str,
) -> None:
    finished = Case.objects.filter(status__in=FINISHED)
    assert finished.count() > 60
    for case in finished:
        assert case.reason_id is not None
        assert case.resolved_at is not None
        assert case.resolved_at > case.created_at
        assert case.first_response_at is not None
        assert case.created_at <= case.first_response_at <= case.resolved_at
    for case in Case.objects.filter(status=Status.CLOSED):
        assert case.closed_at is not None
        assert case.closed_at > case.resolved_at


def test_older_cases_are_mostly_finished_and_only_recent_ones_are_new(shared_demo: str) -> None:
    month_ago = timezone.now() - timedelta(days=30)
    old = Case.objects.filter(created_at__lt=month_ago)
    assert old.filter(status__in=FINISHED).count() / old.count() > 0.9
    assert not Case.objects.filter(status=Status.NEW, created_at__lt=month_ago).exists()
    assert not Case.objects.filter(status__in=OPEN_STATUSES, resolved_at__isnull=False).exists()


def test_contacts_come_on_several_channels_starting_with_the_customer(shared_demo: str) -> None:
    channels = dict(Contact.objects.values_list("channel").annotate(n=Count("id")))
    assert {Channel.PHONE, Channel.EMAIL, Channel.CHAT, Channel.WEB} <= set(channels)
    started_on = dict(Case.objects.values_list("channel").annotate(n=Count("id")))
    assert started_on[Channel.PHONE] == max(started_on.values())
    for case in Case.objects.prefetch_related("contacts"):
        contacts = list(case.contacts.all())
        assert 1 <= len(contacts) <= 5  # up to four with the customer, perhaps a note
        assert contacts[0].direction == Direction.INBOUND
        assert contacts[0].channel == case.channel
        assert contacts[0].started_at == case.created_at


def test_calls_last_between_one_and_fifteen_minutes_and_emails_get_replies(
    shared_demo: str,
) -> None:
    calls = Contact.objects.filter(channel=Channel.PHONE)
    for call in calls:
        assert call.ended_at is not None
        assert timedelta(minutes=1) <= call.ended_at - call.started_at <= timedelta(minutes=15)
    replies = Contact.objects.filter(channel=Channel.EMAIL, direction=Direction.OUTBOUND)
    assert replies.exists()
    assert not replies.filter(handled_by__isnull=True).exists()


def test_cases_are_worked_by_several_agents_in_teams(shared_demo: str) -> None:
    assert not Case.objects.filter(team__isnull=True).exists()
    assert not Case.objects.exclude(status=Status.NEW).filter(assignee__isnull=True).exists()
    assert Case.objects.values("assignee").distinct().count() >= 5
    for case in Case.objects.exclude(assignee=None).select_related("assignee", "team"):
        assert case.team in case.assignee.teams.all()


def test_case_numbers_follow_the_order_cases_were_opened(shared_demo: str) -> None:
    numbers = list(Case.objects.order_by("created_at", "number").values_list("number", flat=True))
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers)


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(template)) + r"\Z", re.DOTALL)


def test_subjects_and_messages_are_in_the_customers_language_and_match_the_reason(
    shared_demo: str,
) -> None:
    cases = Case.objects.exclude(reason=None).select_related("customer", "reason")
    assert cases.count() > 100
    for case in cases:
        assert case.customer is not None
        assert case.reason is not None
        phrases = TEXTS[case.customer.language].reasons[case.reason.code]
        assert any(_pattern(s).match(case.subject) for s in phrases.subjects), case.subject
        opening = case.contacts.order_by("started_at").first()
        assert opening is not None
        written = phrases.notes if opening.channel == Channel.PHONE else phrases.messages
        assert any(_pattern(t).match(opening.body) for t in written), opening.body


def test_reasons_are_skewed_and_include_the_demo_sub_reasons(shared_demo: str) -> None:
    parents = dict(
        ContactReason.objects.filter(parent__isnull=False).values_list("code", "parent__code")
    )
    assert parents["wrong-amount"] == "invoice"
    assert parents["login"] == "fault"
    counts = dict(Case.objects.values_list("reason__code").annotate(n=Count("id")))
    assert counts.get("question", 0) > counts.get("praise", 0)
    assert len([code for code in counts if code]) >= 8
