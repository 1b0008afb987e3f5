"""No question is left hanging (issue 16): a question nobody has answered within its category's
`escalate_after_hours` becomes a case in the category's team queue through the core's one entry
(`receive_contact`, decision 25; channel "forum", the community forum). The hours count in the
category's (or its team's) business calendar when it has one, else plain hours since it was
asked (`lytte.community.waiting`).

The case's contact carries the question, a link to the thread and, when the category names one,
the contact reason; otherwise the agent chooses the reason as for any contact, so forum
questions count in insights by reason. A thread escalates once: the thread row is locked while
it escalates and the contact's external id (`community:thread:<id>`) is unique per channel.

The agent answers from the desk (`answer_from_desk`): the answer is posted in the thread as a
staff reply and logged on the case as an outbound forum contact, in one transaction."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from lytte.accounts.models import User
from lytte.audit.services import record
from lytte.cases.models import Case, Channel, Direction
from lytte.cases.policies import can_work_on
from lytte.cases.rules import InboundContact, ThreadHint
from lytte.cases.services import NewCaseAt, log_contact, receive_contact
from lytte.community.models import Category, Post, PostState, Thread, ThreadKind
from lytte.community.services.posting import reply
from lytte.community.waiting import cutoff as waiting_cutoff

BATCH = 100  # threads escalated per run at most; the next run takes the rest


def external_id(thread: Thread) -> str:
    return f"community:thread:{thread.pk}"


def _answered() -> Exists:
    """A public reply: one held for review or hidden answers nobody."""
    return Exists(
        Post.objects.filter(thread=OuterRef("pk"), opening=False, state=PostState.VISIBLE)
    )


def due(now: datetime | None = None) -> QuerySet[Thread]:
    """Questions past their category's time with no reply, not escalated, listed, not locked,
    whose author was not erased."""
    now = now or timezone.now()
    waiting = Thread.objects.none()
    for category in Category.objects.filter(escalate_after_hours__isnull=False).select_related(
        "escalation_calendar"
    ):
        cutoff = waiting_cutoff(category, now)
        if cutoff is not None:
            waiting = waiting | Thread.objects.filter(category=category, created_at__lte=cutoff)
    return (
        waiting.filter(
            kind=ThreadKind.QUESTION,
            escalated_case__isnull=True,
            merged_into__isnull=True,
            listed=True,
            locked_at__isnull=True,
            author__erased_at__isnull=True,
        )
        .exclude(_answered())
        .order_by("created_at", "pk")
    )


def escalate_unanswered(now: datetime | None = None) -> list[Case]:
    """Escalate every question that is due (the community's schedule calls this)."""
    cases = []
    for thread_id in list(due(now).values_list("pk", flat=True)[:BATCH]):
        case = escalate(thread_id)
        if case is not None:
            cases.append(case)
    return cases


@transaction.atomic
def escalate(thread_id: int) -> Case | None:
    """Make the question a case, once; None when it was escalated or answered meanwhile."""
    thread = (
        Thread.objects.select_for_update()
        .select_related("category", "author__customer")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None or thread.escalated_case_id is not None:
        return None
    if thread.merged_into_id is not None:  # merged meanwhile: its question is the target's
        return None
    if Post.objects.filter(thread=thread, opening=False, state=PostState.VISIBLE).exists():
        return None
    opening = Post.objects.filter(thread=thread, opening=True).first()
    link = reverse("community:thread", args=[thread.language, thread.pk])
    body = f"{opening.body if opening else ''}\n\n{link}".strip()
    received = receive_contact(
        InboundContact(
            channel=Channel.FORUM,
            identity=thread.author.customer,
            thread=ThreadHint(thread_id=str(thread.pk)),
            body=body,
            subject=thread.title,
            external_id=external_id(thread),
            started_at=thread.created_at,
        ),
        new_case=True,
        new_case_at=NewCaseAt(team=thread.category.escalation_team),
        reason=thread.category.escalation_reason,
        identify_sender=False,
    )
    thread.escalated_case = received.case
    thread.escalated_at = timezone.now()
    thread.save(update_fields=["escalated_case", "escalated_at"])
    record(actor=None, action="community.escalated", target=thread, case=received.case.pk)
    return received.case


def thread_of_case(case: Case) -> Thread | None:
    """The community thread a case was escalated from, if any: the thread it was merged into
    when a moderator merged it (its posts are there now)."""
    thread = Thread.objects.filter(escalated_case=case).order_by("pk").first()
    if thread is not None and thread.merged_into_id is not None:
        return Thread.objects.filter(pk=thread.merged_into_id).first()
    return thread


def answer_from_desk(*, case: Case, agent: User, body: str) -> Post:
    """The agent's answer to an escalated question: a staff reply in the thread, and an
    outbound forum contact on the case (all or nothing)."""
    if not can_work_on(agent, case):
        raise PermissionDenied
    thread = thread_of_case(case)
    if thread is None:
        raise PermissionDenied
    with transaction.atomic():
        post = reply(thread=thread, body=body, staff=agent)
        log_contact(
            case=case,
            channel=Channel.FORUM,
            direction=Direction.OUTBOUND,
            body=post.body,
            logged_by=agent,
            handled_by=agent,
        )
    return post
