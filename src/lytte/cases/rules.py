"""Per-channel case rules: which open case an inbound contact continues (decision 25).

The entry (`lytte.cases.services.receive_contact`) knows no channel. Each channel registers, in
its AppConfig.ready(), one rule that reads what the channel knows (its thread headers, its calls)
and names the open case the contact continues, or None for a new case. A channel with no rule
registered always opens a new case. The cases app imports no channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from lytte.accounts.models import User
from lytte.cases.models import Case, Direction
from lytte.customers.models import Customer
from lytte.customers.selectors import Identification


@dataclass(frozen=True)
class ThreadHint:
    """How a channel says which conversation a contact belongs to; each channel fills its own
    part. Email: the Message-IDs it answers (In-Reply-To first, then References from the
    newest) and its subject; phone: the PBX's call id; chat: the session; forum: the thread."""

    message_ids: tuple[str, ...] = ()
    subject: str = ""
    call_id: str = ""
    session_id: str = ""
    thread_id: str = ""


@dataclass(frozen=True)
class InboundContact:
    """One contact as a channel received (or logged) it, before it is on a case."""

    channel: str
    direction: str = Direction.INBOUND
    address: str = ""  # the sender's number or address as the channel saw it
    identity: Customer | None = None  # a customer the channel itself has authenticated
    thread: ThreadHint = field(default_factory=ThreadHint)
    body: str = ""
    subject: str = ""
    external_id: str | None = None  # the channel's own id: a retry logs nothing twice
    started_at: datetime | None = None
    ended_at: datetime | None = None
    handled_by: User | None = None


@dataclass(frozen=True)
class Sender:
    """Who sent the contact: the one customer (None for a stranger or a shared address), and
    what the address told (None without a readable address, or for an authenticated identity)."""

    customer: Customer | None
    identification: Identification | None = None


class CaseRule(Protocol):
    """A channel's answer to "which case does this contact continue?" (an open or a resolved
    one; a closed case is never continued); None opens a new case."""

    def __call__(self, contact: InboundContact, sender: Sender) -> Case | None: ...


_rules: dict[str, CaseRule] = {}


def register_case_rule(channel: str, rule: CaseRule) -> None:
    """Make `rule` the one that places `channel`'s contacts (a later one replaces it)."""
    _rules[channel] = rule


def unregister_case_rule(channel: str) -> None:
    _rules.pop(channel, None)


def case_rule_for(channel: str) -> CaseRule | None:
    return _rules.get(channel)
