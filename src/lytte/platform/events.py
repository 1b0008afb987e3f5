"""Typed domain events, delivered to subscribers after the writing transaction commits.

The core (customers, cases) publishes; the desk's push, insights' rollups and outgoing
webhooks subscribe. Subscribers never run for a transaction that rolled back, and a failing
subscriber is logged without undoing the write that already committed.
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


def subscribe(event_type: type[E]) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Register a handler for one event type (use as a decorator in an AppConfig.ready import)."""

    def register(handler: Callable[[E], None]) -> Callable[[E], None]:
        if handler not in _subscribers[event_type]:
            _subscribers[event_type].append(handler)
        return handler

    return register


def unsubscribe(event_type: type[DomainEvent], handler: Handler) -> None:
    if handler in _subscribers[event_type]:
        _subscribers[event_type].remove(handler)


def publish(event: DomainEvent) -> None:
    """Deliver `event` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: _deliver(event))


def _deliver(event: DomainEvent) -> None:
    for handler in list(_subscribers[type(event)]):
        try:
            handler(event)
        except Exception:
            logger.exception("Subscriber %r failed on %r", handler, event)
