"""Typed domain events, delivered to subscribers after the writing transaction commits.

The core (customers, cases) publishes; the desk's push, insights' rollups and outgoing
webhooks subscribe. Subscribers never run for a transaction that rolled back, and a failing
subscriber is logged without undoing the write that already committed.

A subscriber whose work is a bookkeeping write in the same database (insights marking the days
a write touched) subscribes `within_transaction`: it runs when the event is published, inside
the writing transaction, so its write commits or rolls back with the one it follows, and no
crash between the two can leave it undone (decision 26). Such a subscriber must be quick and
must not reach outside the database; its failure fails the write.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DomainEvent:
    """Base of every event; concrete events are frozen dataclasses in the app that owns them."""


E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[Any], None]
_subscribers: dict[type[DomainEvent], list[Handler]] = defaultdict(list)
_within: dict[type[DomainEvent], list[Handler]] = defaultdict(list)


def subscribe(
    event_type: type[E], *, within_transaction: bool = False
) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Register a handler for one event type (use as a decorator in an AppConfig.ready import):
    after commit, or `within_transaction` for a bookkeeping write that must share its fate."""
    registry = _within if within_transaction else _subscribers

    def register(handler: Callable[[E], None]) -> Callable[[E], None]:
        if handler not in registry[event_type]:
            registry[event_type].append(handler)
        return handler

    return register


def unsubscribe(event_type: type[DomainEvent], handler: Handler) -> None:
    for registry in (_subscribers, _within):
        if handler in registry[event_type]:
            registry[event_type].remove(handler)


def publish(event: DomainEvent) -> None:
    """Run the `within_transaction` subscribers now, and deliver `event` to the others once the
    current transaction commits (at once outside a transaction)."""
    for handler in list(_within[type(event)]):
        handler(event)
    transaction.on_commit(lambda: _deliver(event))


def _deliver(event: DomainEvent) -> None:
    for handler in list(_subscribers[type(event)]):
        try:
            handler(event)
        except Exception:
            logger.exception("Subscriber %r failed on %r", handler, event)
