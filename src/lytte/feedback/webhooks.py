"""The outgoing feedback webhook (issue 17): when an answer arrives, every active endpoint an
admin set up is sent an HTTP POST of JSON, signed `X-Lytte-Signature: sha256=<hex HMAC-SHA256
of the body with the endpoint's secret>`, with the same `X-Lytte-Event-Id` on every try.

The delivery is stored first (in the answer's transaction), then sent by a background task;
a failure (no answer, or not 2xx) is tried again after RETRY_SECONDS, then given up. A
delivered body is emptied: the comment in it is the customer's own text (decision 20)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from lytte.feedback.models import Survey, WebhookDelivery, WebhookEndpoint

EVENT_ANSWERED = "survey.answered"
RETRY_SECONDS = (30, 120, 600, 3600, 6 * 3600, 24 * 3600)
TIMEOUT_SECONDS = 10
SIGNATURE_HEADER = "X-Lytte-Signature"
logger = logging.getLogger(__name__)


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def payload(survey: Survey, *, first: bool) -> dict[str, Any]:
    """What the receiver reads: the answer and what was rated."""
    return {
        "survey": survey.pk,
        "case": survey.case.number,
        "first": first,
        "score": survey.score,
        "comment": survey.comment,
        "what_went_wrong": [choice.label for choice in survey.choices.all()],
        "language": survey.language,
        "channel": survey.channel,
        "reason": survey.reason.code if survey.reason else None,
        "team": survey.team_id,
        "agent": survey.agent_id,
        "sent_at": survey.sent_at.isoformat() if survey.sent_at else None,
        "answered_at": survey.answered_at.isoformat() if survey.answered_at else None,
        "changed_at": survey.changed_at.isoformat() if survey.changed_at else None,
    }


def queue_answered(survey_id: int, *, first: bool) -> list[WebhookDelivery]:
    """Store one delivery per active endpoint and hand each to the worker after commit."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True))
    if not endpoints:
        return []
    survey = Survey.objects.select_related("case", "reason").get(pk=survey_id)
    data = payload(survey, first=first)
    now = timezone.now()
    queued = []
    for endpoint in endpoints:
        delivery = WebhookDelivery(
            endpoint=endpoint, event=EVENT_ANSWERED, survey=survey, next_attempt_at=now
        )
        delivery.body = json.dumps(
            {"id": str(delivery.event_id), "event": EVENT_ANSWERED, "data": data},
            ensure_ascii=False,
        )
        delivery.save()
        queued.append(delivery)
    for delivery in queued:
        transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))  # type: ignore[misc]
    return queued


def _enqueue(delivery_id: int, *, run_after: datetime | None = None) -> None:
    from lytte.feedback.tasks import deliver_webhook  # the task module imports this one

    task = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
    task.enqueue(delivery_id)


def _secret(endpoint: WebhookEndpoint) -> str:
    return endpoint.secret or settings.FEEDBACK_WEBHOOK_SECRET


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """(HTTP status, error): the status alone when the receiver answered 2xx."""
    body = delivery.body.encode()
    request = urllib.request.Request(  # noqa: S310 -- an http(s) URL an admin entered
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Lytte feedback webhook",
            "X-Lytte-Event": delivery.event,
            "X-Lytte-Event-Id": str(delivery.event_id),
            SIGNATURE_HEADER: signature(_secret(delivery.endpoint), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        return None, str(getattr(error, "reason", error))[:500]


def deliver(delivery_id: int) -> WebhookDelivery | None:
    """One attempt, if due. The attempt is claimed first, so of several workers only one
    sends; a delivered event is never sent again."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True),
        pk=delivery_id,
        state=WebhookDelivery.State.PENDING,
    ).update(next_attempt_at=now + timedelta(seconds=TIMEOUT_SECONDS * 6))
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    if _secret(delivery.endpoint):
        status, error = _post(delivery)
    else:  # never sent unsigned: the receiver could not tell it from a forgery
        status, error = None, "No secret to sign with."
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = status, error
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at = WebhookDelivery.State.DELIVERED, timezone.now()
        delivery.next_attempt_at, delivery.body = None, ""
    elif delivery.attempts > len(RETRY_SECONDS) or not delivery.endpoint.active:
        delivery.state, delivery.next_attempt_at = WebhookDelivery.State.FAILED, None
        logger.warning("Feedback webhook %s gave up: %s", delivery.event_id, error)
    else:
        delay = timedelta(seconds=RETRY_SECONDS[delivery.attempts - 1])
        delivery.next_attempt_at = timezone.now() + delay
    delivery.save()
    if delivery.state == WebhookDelivery.State.PENDING:
        _enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    return delivery


def deliver_due(*, limit: int = 100) -> int:
    """Try the deliveries whose time has come (a sweep, should a queued task be lost)."""
    due = WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
    return sum(deliver(pk) is not None for pk in list(due))


def forget(surveys: QuerySet[Survey]) -> None:
    """Erasure: the deliveries of these surveys, with the comments in their bodies."""
    WebhookDelivery.objects.filter(survey__in=surveys).delete()
