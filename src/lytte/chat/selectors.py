"""What the chat reads: whether a widget can take a chat now (and why not), the desk's waiting
and active chats, a conversation by its token, and the messages after a seq."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lytte.accounts.models import User
from lytte.chat.models import ChatAgent, ChatWidget, Conversation, Message, Sender, State
from lytte.chat.opening import widget_hours
from lytte.portal.identity import digest

AGENT_STALE = timedelta(seconds=90)  # a desk that has not beaten for this long is gone
TOKEN_AFTER_END = timedelta(hours=24)  # a conversation's token works this long after it ended
WAIT_SAMPLE = 20  # the expected wait is from the waits of this many last accepted chats
DEFAULT_CAPACITY = 3


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str | None  # None, "closed", "nobody" or "queue_full"
    expected_wait_seconds: int | None
    opening_hours: list[str] = field(default_factory=list)
    special_days: list[str] = field(default_factory=list)


def availability(widget: ChatWidget, now: datetime | None = None) -> Availability:
    """Whether a new chat in `widget` would be answered: open by its hours, an agent present
    (available, with a desk seen within AGENT_STALE, in the widget's team when it has one),
    and fewer than `max_queue` chats waiting. Never offer a chat nobody will answer."""
    now = now or timezone.now()
    shown = widget_hours(widget, now)
    described, days = shown.week, shown.days
    if not widget.active or not shown.open_now:
        return Availability(False, "closed", None, described, days)
    if not present_agents(widget, now).exists():
        return Availability(False, "nobody", None, described, days)
    waiting = waiting_in_queue(widget).count()
    if waiting >= widget.max_queue:
        return Availability(False, "queue_full", None, described, days)
    return Availability(True, None, expected_wait(widget, ahead=waiting), described, days)


def present_agents(widget: ChatWidget, now: datetime | None = None) -> QuerySet[ChatAgent]:
    """Agents who said they take chats and whose desk is open now, for the widget's team."""
    now = now or timezone.now()
    agents = ChatAgent.objects.filter(
        available=True, last_seen__gte=now - AGENT_STALE, user__is_active=True
    )
    if widget.team_id is not None:
        agents = agents.filter(user__teams=widget.team_id)
    return agents


def _queue(widget: ChatWidget) -> Q:
    """The queue `widget` feeds: its team's, or the no-team queue."""
    return Q(team__isnull=True) if widget.team_id is None else Q(team=widget.team_id)


def waiting_in_queue(widget: ChatWidget) -> QuerySet[Conversation]:
    """The chats waiting in the queue `widget` feeds."""
    return Conversation.objects.filter(_queue(widget), state=State.WAITING)


def expected_wait(widget: ChatWidget, *, ahead: int) -> int | None:
    """Seconds a new chat may wait: the chats ahead (at least one turn) times the median wait
    of the queue's last accepted chats; None when no chat has been accepted yet."""
    rows = (
        Conversation.objects.filter(
            _queue(widget), accepted_at__isnull=False, waiting_since__isnull=False
        )
        .order_by("-accepted_at")
        .values_list("accepted_at", "waiting_since")[:WAIT_SAMPLE]
    )
    waits = [
        (accepted - waited).total_seconds() for accepted, waited in rows if accepted and waited
    ]
    if not waits:
        return None
    return int(max(ahead, 1) * statistics.median(waits))


def widget_by_key(key: str) -> ChatWidget | None:
    return ChatWidget.objects.select_related("team").filter(key=key, active=True).first()


def conversation_for_token(token: str) -> Conversation | None:
    """The conversation a customer's token opens; None for a wrong token or one that ended
    more than TOKEN_AFTER_END ago."""
    if not token or len(token) > 200:
        return None
    found = (
        Conversation.objects.select_related("widget", "agent", "customer")
        .filter(token_digest=digest("chat", token))
        .first()
    )
    if found is None or (found.ended_at and found.ended_at < timezone.now() - TOKEN_AFTER_END):
        return None
    return found


def messages_after(conversation: Conversation | int, after: int = 0) -> QuerySet[Message]:
    """The conversation's messages with seq > after, in order (attachments' bytes deferred)."""
    return (
        Message.objects.filter(conversation=conversation, seq__gt=max(after, 0))
        .select_related("author")
        .defer("attachment_content")
        .order_by("seq")
    )


def _queue_reach(user: User) -> Q:
    """The chats `user` may see in the desk: supervisors every one; an agent those of their
    teams, of no team, and their own."""
    if user.has_perm("cases.work_any_case"):
        return Q()
    return Q(team__isnull=True) | Q(team__in=user.teams.values("pk")) | Q(agent=user)


def visible_conversations(user: User) -> QuerySet[Conversation]:
    """Every chat, waiting, active or ended, that `user` may open in the desk (the queue's
    reach: decision 19 as the chat's team and agent say it)."""
    return Conversation.objects.filter(_queue_reach(user)).select_related(
        "customer", "widget", "case", "contact", "team", "agent"
    )


def waiting_conversations(user: User) -> QuerySet[Conversation]:
    """The chats waiting for an agent that `user` may take, longest waiting first, with what
    the desk shows (customer, widget, case, team)."""
    return (
        Conversation.objects.filter(state=State.WAITING)
        .filter(_queue_reach(user))
        .select_related("customer", "widget", "case", "team", "agent")
        .order_by("waiting_since", "pk")
    )


def active_conversations(agent: User) -> QuerySet[Conversation]:
    """The chats `agent` is in now, oldest first."""
    return (
        Conversation.objects.filter(state=State.ACTIVE, agent=agent)
        .select_related("customer", "widget", "case", "team")
        .order_by("accepted_at", "pk")
    )


def _unread_messages() -> Exists:
    return Exists(
        Message.objects.filter(
            conversation=OuterRef("pk"),
            sender=Sender.CUSTOMER,
            seq__gt=OuterRef("agent_read_seq"),
        )
    )


def with_unread(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """`conversations` with `unread`: whether the customer wrote after what the agent read."""
    return conversations.annotate(unread=_unread_messages())


def unread_count(agent: User) -> int:
    """How many of the chats `agent` is in now have customer messages they have not read."""
    mine = Conversation.objects.filter(state=State.ACTIVE, agent=agent)
    return mine.filter(_unread_messages()).count()


def capacity_of(agent: User) -> int:
    row = ChatAgent.objects.filter(user=agent).values_list("capacity", flat=True).first()
    return DEFAULT_CAPACITY if row is None else int(row)


def active_count(agent: User) -> int:
    return Conversation.objects.filter(state=State.ACTIVE, agent=agent).count()


def active_per_agent() -> dict[int, int]:
    """Agent id -> chats they are in now (the supervisors' live view)."""
    rows = (
        Conversation.objects.filter(state=State.ACTIVE, agent__isnull=False)
        .values("agent")
        .annotate(n=Count("pk"))
    )
    return {row["agent"]: row["n"] for row in rows}


def portal_widget() -> ChatWidget | None:
    """The widget the portal's own pages show: the one LYTTE_CHAT_PORTAL_WIDGET names by its
    key, else the oldest active widget; None when there is none (the portal shows no chat)."""
    widgets = ChatWidget.objects.filter(active=True)
    if settings.CHAT_PORTAL_WIDGET:
        return widgets.filter(key=settings.CHAT_PORTAL_WIDGET).first()
    return widgets.order_by("created_at", "pk").first()


@dataclass(frozen=True)
class LiveFigures:
    waiting: int
    longest_wait_seconds: int | None
    active: int
    active_per_agent: dict[int, int]  # agent id -> chats they are in now


def live_figures(now: datetime | None = None) -> LiveFigures:
    """The supervisors' live view of chat: how many wait, the longest wait, who has how many."""
    now = now or timezone.now()
    waiting = Conversation.objects.filter(state=State.WAITING)
    oldest = waiting.order_by("waiting_since").values_list("waiting_since", flat=True).first()
    per_agent = active_per_agent()
    return LiveFigures(
        waiting=waiting.count(),
        longest_wait_seconds=int((now - oldest).total_seconds()) if oldest else None,
        active=sum(per_agent.values()),
        active_per_agent=per_agent,
    )
