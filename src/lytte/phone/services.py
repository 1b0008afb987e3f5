"""Calls from the PBX: each event stored first, then folded into its call in any order; callers
identified; screen pops sent; answered calls logged as contacts on the right case."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lytte.accounts.models import Team, User
from lytte.accounts.services import new_token, token_digest
from lytte.audit.services import record
from lytte.cases import services as cases
from lytte.cases.models import Case, Channel, Direction
from lytte.cases.rules import InboundContact, ThreadHint
from lytte.customers.addresses import InvalidAddress, normalise_phone
from lytte.customers.selectors import identify
from lytte.phone.events import CallAnswered, CallEnded, CallRinging
from lytte.phone.models import (
    AgentPhone,
    BlockedNumber,
    Call,
    CallState,
    CtiEvent,
    CtiIntegration,
    PhoneQueue,
)
from lytte.phone.payloads import MISSED_CAUSES, CtiPayload
from lytte.platform.events import publish
from lytte.platform.names import required_name

logger = logging.getLogger(__name__)
TOKEN_PREFIX = "cti_"  # noqa: S105 -- marks our webhook tokens for secret scanners, not a secret
REJECT_BUSY = {"action": "reject", "reason": "busy"}


def give_new_token(integration: CtiIntegration) -> str:
    """Set a fresh token on `integration` (unsaved) and return it: the only time it is seen."""
    token = new_token(TOKEN_PREFIX)
    integration.prefix, integration.digest = token[:8], token_digest(token)
    return token


@transaction.atomic
def create_integration(
    *, name: str, team: Team | None = None, created_by: User | None = None
) -> tuple[CtiIntegration, str]:
    """A new webhook for one PBX; returns it with its token, which is never stored in plain."""
    integration = CtiIntegration(name=required_name(name), team=team)
    token = give_new_token(integration)
    integration.save()
    record(actor=created_by, action="cti_integration.created", target=integration, name=name)
    return integration, token


def integration_for_token(token: str) -> CtiIntegration | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    return CtiIntegration.objects.filter(digest=token_digest(token), active=True).first()


def receive_event(*, integration: CtiIntegration, payload: CtiPayload) -> dict[str, str]:
    """Store the event (committed before anything else), fold it into its call, and answer as
    the generic CTI API does. A repeat of an applied callId+event changes nothing; a repeat of
    one that failed to apply is applied again. A failure is logged, never a 500: the PBX has
    done its part, and the stored event keeps what it said."""
    event = _store(integration, payload)
    if event.applied_at is None:
        try:
            with transaction.atomic():
                caller = _apply(integration, payload).caller
                CtiEvent.objects.filter(pk=event.pk).update(applied_at=timezone.now())
        except Exception:
            logger.exception("CTI event %s of call %s not applied", payload.event, payload.call_id)
            return {}
    else:
        caller = _stored_caller(integration, payload.call_id)
    if payload.event == "newCall" and _blocked(caller):
        return REJECT_BUSY
    return {}


def _store(integration: CtiIntegration, payload: CtiPayload) -> CtiEvent:
    try:
        # Durable: the event must be committed before we apply it, whatever then fails.
        with transaction.atomic(durable=True):
            return CtiEvent.objects.create(
                integration=integration,
                call_id=payload.call_id,
                event=payload.event,
                payload=payload.as_json(),
            )
    except IntegrityError:
        return CtiEvent.objects.get(
            integration=integration, call_id=payload.call_id, event=payload.event
        )


def _apply(integration: CtiIntegration, payload: CtiPayload) -> Call:
    call = _call(integration, payload.call_id)
    if payload.event != "newCall" and not call.direction and payload.direction:
        _describe(call, payload)  # newCall is late or lost: the other events carry the numbers
    {"newCall": _new_call, "answer": _answer, "hangup": _hangup}[payload.event](call, payload)
    call.missed = (
        call.state == CallState.ENDED
        and call.answered_at is None
        and call.direction != "out"
        and call.cause in MISSED_CAUSES
    )
    call.save()
    return call


def _stored_caller(integration: CtiIntegration, call_id: str) -> str:
    """The caller of a call already on record (for answering a repeated event)."""
    call = Call.objects.filter(integration=integration, call_id=call_id)
    return call.values_list("caller", flat=True).first() or ""


def _call(integration: CtiIntegration, call_id: str) -> Call:
    call, _created = Call.objects.select_for_update().get_or_create(
        integration=integration, call_id=call_id, defaults={"started_at": timezone.now()}
    )
    return call


def _blocked(caller: str) -> bool:
    return bool(caller) and BlockedNumber.objects.filter(value=caller).exists()


def _describe(call: Call, payload: CtiPayload) -> None:
    """Who is calling whom, from any event that says so."""
    call.direction = payload.direction
    call.from_number = payload.from_number
    call.to_number = payload.to_number
    call.queue = payload.queue
    call.users = list(payload.users)
    other_party = payload.from_number if payload.direction == "in" else payload.to_number
    try:
        call.caller = normalise_phone(other_party)
    except InvalidAddress:
        call.caller = ""  # withheld ("anonymous") or unreadable: still a call, just nameless
    if call.caller:
        found = identify(call.caller)
        call.customer = found.customer
        call.organization = found.organization or (
            found.customer.organization if found.customer else None
        )
    call.team = _team_for(call)


def _new_call(call: Call, payload: CtiPayload) -> None:
    _describe(call, payload)
    if call.contact is not None and call.customer and call.contact.case.customer_id is None:
        # The answer and hangup came first and logged the call before we knew who called.
        cases.update_case(case=call.contact.case, customer=call.customer, changed_by=None)
    if call.direction == "in" and call.state == CallState.RINGING and not _blocked(call.caller):
        agents = tuple(user.pk for user in _agents_for(call))
        publish(CallRinging(call_id=call.pk, agent_ids=agents))


def _answer(call: Call, payload: CtiPayload) -> None:
    now = timezone.now()
    if call.answered_at is None:
        # An answer reported after the hangup happened before it.
        call.answered_at = min(now, call.ended_at) if call.ended_at else now
    call.answered_by = call.answered_by or _agent_named(
        payload.answering_number, *(payload.users or call.users)
    )
    if call.state == CallState.RINGING:
        call.state = CallState.ANSWERED
    if call.contact_id is not None and call.answered_by is not None:
        cases.finish_contact(contact=call.contact, handled_by=call.answered_by)  # type: ignore[arg-type]
    elif call.contact_id is None and call.state == CallState.ENDED:
        log_call(call=call, agent=call.answered_by)  # the hangup came first: log it now
    publish(CallAnswered(call_id=call.pk, answered_by_id=call.answered_by_id))


def _hangup(call: Call, payload: CtiPayload) -> None:
    call.state = CallState.ENDED
    call.ended_at = timezone.now()
    call.cause = payload.cause
    if payload.answering_number and call.answered_by is None:
        call.answered_by = _agent_named(payload.answering_number)
    if call.answered_at is not None and call.contact_id is None:
        log_call(call=call, agent=call.answered_by)  # every answered call is a contact
    elif call.contact is not None:
        cases.finish_contact(contact=call.contact, ended_at=call.ended_at)
    publish(CallEnded(call_id=call.pk))


def _agent_named(*names: str) -> User | None:
    """The agent a PBX means by an extension, a display name, a username or an email. Only
    active staff who work cases count: a PBX may still name someone who has left."""
    agents = User.objects.filter(is_active=True, groups__permissions__codename="change_case")
    for name in (n.strip() for n in names if n and n.strip()):
        first, _space, last = name.partition(" ")
        by_name = Q(first_name__iexact=first, last_name__iexact=last) if last else Q(pk=None)
        match = (
            agents.filter(
                Q(phone__extension=name)
                | Q(phone__pbx_name__iexact=name)
                | Q(username__iexact=name)
                | Q(email__iexact=name)
                | by_name
            )
            .distinct()
            .first()
        )
        if match is not None:
            return match
    return None


def _team_for(call: Call) -> Team | None:
    if call.queue:
        queue = PhoneQueue.objects.filter(integration=call.integration, name=call.queue).first()
        if queue is not None:
            return queue.team
    return call.integration.team


def _agents_for(call: Call) -> list[User]:
    """Whom the pop concerns: the agents the PBX names, else the queue's (or the integration's)
    team; an empty list means every agent with a desk open."""
    named = [user for user in (_agent_named(name) for name in call.users) if user is not None]
    if named:
        return named
    if call.team is not None:
        return list(call.team.members.filter(is_active=True))
    return []


@transaction.atomic
def log_call(
    *, call: Call, agent: User | None, onto: Case | None = None, new_case: bool = False
) -> Case:
    """The call as a contact on the caller's case: `onto` when the agent chose that open case of
    theirs, a new case when they chose `new_case`, otherwise the open case they contacted us
    about in the last two hours (phone's case rule), or a new one. The entry checks the agent's
    choice (theirs to work on, open, the caller's own). Taking the same call twice returns the
    same case."""
    # Lock the call row only: PostgreSQL refuses FOR UPDATE on the outer join to the contact.
    locked = (
        Call.objects.select_for_update(of=("self",)).select_related("contact__case").get(pk=call.pk)
    )
    if locked.contact is not None:
        call.contact = locked.contact
        return locked.contact.case
    inbound = InboundContact(
        channel=Channel.PHONE,
        direction=Direction.OUTBOUND if call.direction == "out" else Direction.INBOUND,
        address=call.from_number if call.direction != "out" else call.to_number,
        identity=call.customer,
        thread=ThreadHint(call_id=call.call_id),
        external_id=f"cti:{call.integration_id}:{call.call_id}",
        started_at=call.answered_at or call.started_at,
        ended_at=call.ended_at,
        handled_by=agent,
    )
    received = cases.receive_contact(
        inbound,
        new_case_at=cases.NewCaseAt(
            team=call.team, assignee=agent, calendar_id=_queue_calendar(call), via=call.queue
        ),
        onto=onto,
        new_case=new_case,
    )
    call.contact = locked.contact = received.contact
    locked.save(update_fields=["contact"])
    return received.case


def _queue_calendar(call: Call) -> int | None:
    """The calendar of the call's queue, if it has its own: a case the call opens counts its
    business time on the queue's hours (decision 0051)."""
    if not call.queue:
        return None
    queue = PhoneQueue.objects.filter(integration_id=call.integration_id, name=call.queue)
    return queue.values_list("calendar_id", flat=True).first()


def close_unfinished_calls() -> int:
    """Calls still ringing or talking LYTTE_PHONE_UNKNOWN_END_MINUTES after they began lost
    their hangup somewhere: they are closed as "unknown end" and their pops close. A hangup
    that turns up later still ends them as usual."""
    minutes = settings.PHONE_UNKNOWN_END_MINUTES
    unfinished = Q(state__in=(CallState.RINGING, CallState.ANSWERED))
    stale = Call.objects.filter(
        unfinished, started_at__lt=timezone.now() - timedelta(minutes=minutes)
    )
    closed = list(stale.values_list("pk", flat=True))
    # Filtered on the state again: a hangup that came in between has ended the call properly.
    Call.objects.filter(unfinished, pk__in=closed).update(state=CallState.UNKNOWN)
    for pk in closed:
        publish(CallEnded(call_id=pk))
    if closed:
        logger.warning(
            "%d call(s) without a hangup after %d minutes: unknown end", len(closed), minutes
        )
    return len(closed)


@transaction.atomic
def mark_called_back(*, call: Call, agent: User) -> Call:
    call.called_back_at = timezone.now()
    call.save(update_fields=["called_back_at"])
    record(actor=agent, action="call.called_back", target=call)
    return call


def set_phone_preferences(*, user: User, auto_open: bool) -> AgentPhone:
    """An agent's own choice: should a ringing call open its case without a click?"""
    phone, _created = AgentPhone.objects.get_or_create(user=user)
    phone.auto_open = auto_open
    phone.save(update_fields=["auto_open"])
    return phone
