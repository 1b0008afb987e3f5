"""The agent's side of a chat, for the desk's views and consumer: saying you take chats (and
the desk's heartbeat), accepting (within your capacity) or taking the next waiting chat,
writing, typing, reading, transferring to an agent or a team with a note, and ending.

Each write locks the conversation's row, so two agents accepting one chat cannot both have it,
and announces a typed event after commit (lytte.chat.events): the desk subscribes to them, and
the chat's own push carries them to the customer's widget. Refusals raise ChatError (`code`,
`message`, `status`) or PermissionDenied.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.accounts.roles import role_of
from lytte.audit.services import record
from lytte.cases import services as cases
from lytte.cases.policies import can_work_on
from lytte.chat import selectors
from lytte.chat.events import (
    ChatAccepted,
    ChatDelivered,
    ChatEnded,
    ChatRead,
    ChatTransferred,
    ChatTyping,
    ChatWaiting,
)
from lytte.chat.models import ChatAgent, Conversation, Sender, State
from lytte.chat.services.common import ChatError, Posted, append, check_client_id, clean_body
from lytte.chat.services.transcript import transcript_text
from lytte.platform.commits import relaxed_commit
from lytte.platform.events import publish


def declare_available(agent: User, *, available: bool, capacity: int | None = None) -> ChatAgent:
    """`agent` takes chats now (or stops); `capacity` is how many at once (1-10). Counts as a
    heartbeat: the widget offers chats only while some available agent's desk beats."""
    if role_of(agent) is None:
        raise PermissionDenied(_("You do not have permission to do this."))
    row, _created = ChatAgent.objects.get_or_create(user=agent)
    row.available = available
    if capacity is not None:
        if not 1 <= capacity <= 10:
            raise ChatError("invalid_capacity", _("Take between 1 and 10 chats at once."))
        row.capacity = capacity
    row.last_seen = timezone.now()
    row.save()
    return row


def heartbeat(agent: User) -> None:
    """The agent's desk is open: call it at least every minute (the widget stops offering
    chats when no available agent's desk has beaten for selectors.AGENT_STALE)."""
    ChatAgent.objects.filter(user=agent).update(last_seen=timezone.now())


def _ensure_staff_on(agent: User, conversation: Conversation) -> None:
    # As it is now, not as the caller loaded it (another agent may have taken it since).
    conversation.refresh_from_db(fields=["agent", "state", "team", "last_seq", "case"])
    if role_of(agent) is None or (
        conversation.case is not None and not can_work_on(agent, conversation.case)
    ):
        raise PermissionDenied(_("You may not take this chat."))


def _ensure_in_chat(agent: User, conversation: Conversation) -> None:
    """The chat's own agent, or a supervisor (who may step in)."""
    _ensure_staff_on(agent, conversation)
    if conversation.agent_id != agent.pk and not agent.has_perm("cases.work_any_case"):
        raise PermissionDenied(_("This chat is another agent's."))


def _locked(conversation: Conversation) -> Conversation:
    return (
        # Only the conversation's row: PostgreSQL locks no nullable side of an outer join.
        Conversation.objects.select_for_update(of=("self",))
        .select_related("case", "contact", "widget")
        .get(pk=conversation.pk)
    )


def _full() -> ChatError:
    return ChatError("at_capacity", _("You have as many chats as you can take."), status=409)


def _ensure_room(agent: User) -> None:
    """Refuse a chat beyond the agent's capacity, under a lock of the agent's ChatAgent row
    (call it in a transaction): two chats accepted at once cannot both take the last place."""
    ChatAgent.objects.select_for_update().filter(user=agent).first()
    if selectors.active_count(agent) >= selectors.capacity_of(agent):
        raise _full()


@transaction.atomic
def accept(conversation: Conversation, agent: User) -> Conversation:
    """`agent` takes a waiting chat: refused when another agent took it first ("taken", 409)
    or the agent is at their capacity ("at_capacity", 409). The customer's messages so far
    are delivered, the chat's contact is handled by the agent, and an unassigned case becomes
    theirs. Publishes ChatAccepted."""
    _ensure_staff_on(agent, conversation)
    locked = _locked(conversation)
    if locked.state != State.WAITING or locked.agent_id not in (None, agent.pk):
        raise ChatError("taken", _("Another agent has this chat already."), status=409)
    _ensure_room(agent)
    now = timezone.now()
    locked.agent, locked.state, locked.accepted_at = agent, State.ACTIVE, now
    locked.save(update_fields=["agent", "state", "accepted_at"])
    if locked.messages.filter(sender=Sender.CUSTOMER, delivered_at__isnull=True).update(
        delivered_at=now
    ):
        publish(ChatDelivered(locked.pk, locked.last_seq))
    if locked.contact is not None:
        # The customer's wait in the queue is the case's time to a first response.
        cases.finish_contact(contact=locked.contact, handled_by=agent, answered_at=now)
    if locked.case is not None and locked.case.assignee_id is None:
        cases.assign(case=locked.case, assigned_by=None, assignee=agent)
    record(actor=agent, action="chat.accepted", target=locked.case or locked.widget, chat=locked.pk)
    publish(ChatAccepted(locked.pk, agent.pk))
    return locked


def accept_next(agent: User) -> Conversation | None:
    """Auto-assign: the longest-waiting chat `agent` may take, accepted; None when none waits
    (or another agent took each first). Refused ("at_capacity") when the agent is full."""
    if selectors.active_count(agent) >= selectors.capacity_of(agent):
        raise _full()
    for waiting in selectors.waiting_conversations(agent).filter(agent__isnull=True)[:5]:
        try:
            return accept(waiting, agent)
        except ChatError as refused:
            if refused.code != "taken":
                raise
    return None


def post_agent_message(
    conversation: Conversation, agent: User, *, body: str, client_id: str | None = None
) -> Posted:
    """The agent's message to the customer (plain text: never rendered as HTML anywhere). A
    `client_id` from the desk makes a retry the same message. Publishes ChatMessagePosted."""
    _ensure_in_chat(agent, conversation)
    if conversation.state != State.ACTIVE:
        raise ChatError("not_active", _("Accept the chat before you write."), status=409)
    return append(
        conversation.pk,
        sender=Sender.AGENT,
        body=clean_body(body),
        client_id=check_client_id(client_id) if client_id is not None else "",
        author=agent,
    )


def agent_typing(conversation: Conversation, agent: User) -> None:
    """The agent is typing: the customer's widget shows it (nothing is stored)."""
    _ensure_in_chat(agent, conversation)
    if conversation.state == State.ACTIVE:
        publish(ChatTyping(conversation.pk, "agent"))


def agent_read(conversation: Conversation, agent: User, upto: int) -> int:
    """The agent has read the customer's messages up to seq `upto` (the widget shows them as
    read); returns the seq now read. Publishes ChatRead. A read mark waits for no disk
    (decision 46): a crash may lose the last moment's, never a message."""
    _ensure_in_chat(agent, conversation)
    upto = max(0, min(upto, conversation.last_seq))
    now = timezone.now()
    with relaxed_commit():
        unread = conversation.messages.filter(
            sender=Sender.CUSTOMER, seq__lte=upto, read_at__isnull=True
        )
        unread.filter(delivered_at__isnull=True).update(delivered_at=now)
        unread.update(read_at=now)
        if Conversation.objects.filter(pk=conversation.pk, agent_read_seq__lt=upto).update(
            agent_read_seq=upto
        ):
            publish(ChatRead(conversation.pk, "agent", upto))
    return upto


@transaction.atomic
def transfer(
    conversation: Conversation,
    by: User,
    *,
    to_agent: User | None = None,
    to_team: Team | None = None,
    note: str = "",
) -> Conversation:
    """Hand a chat on, with a note for whoever takes it: to an agent (who has it at once,
    within their capacity) or to a team's queue (it waits again; ChatWaiting). The case
    follows (to the agent, or to the team with nobody assigned). Publishes ChatTransferred."""
    if (to_agent is None) == (to_team is None):
        raise ChatError("invalid_transfer", _("Transfer to an agent or to a team."))
    _ensure_in_chat(by, conversation)
    locked = _locked(conversation)
    if locked.state == State.ENDED:
        raise ChatError("ended", _("This chat has ended."), status=409)
    before = locked.agent_id
    locked.transfer_note = note.strip()[:2000]
    if to_agent is not None:
        if role_of(to_agent) is None or (locked.case and not can_work_on(to_agent, locked.case)):
            raise ChatError(
                "invalid_transfer", _("%(name)s cannot take this chat.") % {"name": to_agent}
            )
        _ensure_room(to_agent)
        locked.agent, locked.state = to_agent, State.ACTIVE
        locked.accepted_at = locked.accepted_at or timezone.now()
    else:
        locked.agent, locked.state, locked.team = None, State.WAITING, to_team
        locked.waiting_since = timezone.now()
    locked.save(
        update_fields=["agent", "state", "team", "transfer_note", "accepted_at", "waiting_since"]
    )
    if locked.case is not None:
        if to_agent is not None:
            cases.assign(case=locked.case, assigned_by=None, assignee=to_agent)
        else:
            cases.assign(case=locked.case, assigned_by=None, assignee=None, team=to_team)
    record(
        actor=by,
        action="chat.transferred",
        target=locked.case or locked.widget,
        chat=locked.pk,
        to_agent=to_agent,
        to_team=to_team,
    )
    publish(
        ChatTransferred(
            locked.pk, before, to_agent.pk if to_agent else None, to_team.pk if to_team else None
        )
    )
    if to_team is not None:
        publish(ChatWaiting(locked.pk, to_team.pk))
    return locked


@transaction.atomic
def end_conversation(conversation: Conversation, by: User | None = None) -> Conversation:
    """End a chat: by the customer (`by` None) or an agent in it. Its transcript becomes the
    text of its contact (the desk then asks the agent for the contact reason, as for a call).
    Ending an ended chat changes nothing. Publishes ChatEnded."""
    if by is not None:
        _ensure_in_chat(by, conversation)
    locked = _locked(conversation)
    if locked.state == State.ENDED:
        return locked
    now = timezone.now()
    locked.state, locked.ended_at = State.ENDED, now
    locked.save(update_fields=["state", "ended_at"])
    if locked.contact is not None:
        cases.finish_contact(contact=locked.contact, ended_at=now, body=transcript_text(locked))
    record(actor=by, action="chat.ended", target=locked.case or locked.widget, chat=locked.pk)
    publish(ChatEnded(locked.pk))
    return locked


def end_abandoned(now: datetime | None = None) -> int:
    """End chats still waiting with nothing from the customer for CHAT_ABANDONED_MINUTES (they
    closed the page): the queue stops counting them and nobody accepts a chat nobody is in.
    Run every minute by the worker; returns how many it ended."""
    cutoff = (now or timezone.now()) - timedelta(minutes=settings.CHAT_ABANDONED_MINUTES)
    quiet = (
        Conversation.objects.filter(state=State.WAITING, waiting_since__lt=cutoff)
        .annotate(last_word=Max("messages__sent_at", filter=Q(messages__sender=Sender.CUSTOMER)))
        .filter(Q(last_word__isnull=True) | Q(last_word__lt=cutoff))
    )
    ended = 0
    for conversation in quiet:
        end_conversation(conversation)
        ended += 1
    return ended
