"""The outgoing feedback webhook (issue 17) against a real HTTP server started here: stored
when the answer is saved, POSTed signed, retried with the same event id, never twice."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lytte.cases.models import ContactReason
from lytte.customers.services import create_customer
from lytte.feedback import webhooks
from lytte.feedback.models import Survey, WebhookDelivery, WebhookEndpoint
from lytte.feedback.services.forget import forget_customer
from lytte.feedback.tests.reporting import answered
from lytte.feedback.webhook_admin import EndpointForm

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-tests"


class Receiver:
    """A local HTTP server that records each request and answers the next status of `answers`
    (200 once they run out)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/lytte"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


@pytest.fixture
def endpoint(receiver: Receiver) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(name="CRM", url=receiver.url, secret=SECRET)


@pytest.fixture
def billing(db: None) -> ContactReason:
    return ContactReason.objects.create(code="billing", name="Billing", name_nb="Faktura")


def due_now(delivery: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_an_answer_is_posted_signed_and_only_once(
    endpoint: WebhookEndpoint, receiver: Receiver, billing: ContactReason
) -> None:
    survey = answered(2, "Fakturaen var feil", reason=billing)
    delivery = WebhookDelivery.objects.get()  # stored with the answer, before any sending
    assert (delivery.state, delivery.survey, delivery.attempts) == ("pending", survey, 0)
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_webhook").exists()

    webhooks.deliver(delivery.pk)
    [request] = receiver.requests
    expected = hmac.new(SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
    assert request["headers"]["X-Lytte-Signature"] == f"sha256={expected}"
    assert request["headers"]["X-Lytte-Event-Id"] == str(delivery.event_id)
    sent = json.loads(request["body"])
    assert sent["id"] == str(delivery.event_id)
    assert sent["event"] == "survey.answered"
    assert sent["data"]["case"] == survey.case.number
    assert (sent["data"]["score"], sent["data"]["comment"], sent["data"]["first"]) == (
        2,
        "Fakturaen var feil",
        True,
    )
    assert sent["data"]["reason"] == "billing"

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)
    assert delivery.body == ""  # the comment is not kept once delivered
    due_now(delivery)
    assert webhooks.deliver(delivery.pk) is None
    assert len(receiver.requests) == 1


def test_a_failure_is_tried_again_later_with_the_same_event_id(
    endpoint: WebhookEndpoint, receiver: Receiver
) -> None:
    receiver.answers = [503]
    answered(4)
    delivery = WebhookDelivery.objects.get()
    before = timezone.now()
    webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("pending", 1, 503)
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at >= before + timedelta(seconds=webhooks.RETRY_SECONDS[0])
    assert webhooks.deliver(delivery.pk) is None  # not due yet
    retries = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")
    assert retries.filter(run_after=delivery.next_attempt_at).exists()  # the worker's next try

    due_now(delivery)
    assert webhooks.deliver_due() == 1
    first, second = receiver.requests
    assert first["headers"]["X-Lytte-Event-Id"] == second["headers"]["X-Lytte-Event-Id"]
    assert first["body"] == second["body"]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("delivered", 2)


def test_an_unreachable_receiver_is_given_up_after_the_last_retry(
    endpoint: WebhookEndpoint, receiver: Receiver
) -> None:
    receiver.server.shutdown()
    receiver.server.server_close()  # nothing listens on the port any more
    answered(5)
    delivery = WebhookDelivery.objects.get()
    for _attempt in range(len(webhooks.RETRY_SECONDS) + 1):
        due_now(delivery)
        webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", len(webhooks.RETRY_SECONDS) + 1)
    assert delivery.last_status is None
    assert delivery.last_error


def test_without_a_secret_nothing_is_sent_and_the_servers_secret_signs(
    receiver: Receiver,
) -> None:
    unsigned = WebhookEndpoint.objects.create(name="CRM", url=receiver.url)
    answered(5)
    delivery = WebhookDelivery.objects.get()
    webhooks.deliver(delivery.pk)
    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.last_error == "No secret to sign with."

    due_now(delivery)
    with override_settings(FEEDBACK_WEBHOOK_SECRET="from-the-environment"):
        webhooks.deliver(delivery.pk)
    [request] = receiver.requests
    key = b"from-the-environment"
    expected = hmac.new(key, request["body"], hashlib.sha256).hexdigest()
    assert request["headers"]["X-Lytte-Signature"] == f"sha256={expected}"
    assert unsigned.deliveries.get().state == "delivered"


def test_no_endpoint_no_delivery_and_an_inactive_one_is_skipped(receiver: Receiver) -> None:
    answered(5)
    WebhookEndpoint.objects.create(name="Off", url=receiver.url, secret=SECRET, active=False)
    answered(4)
    assert not WebhookDelivery.objects.exists()


def test_erasure_takes_the_deliveries_that_carry_the_comment(endpoint: WebhookEndpoint) -> None:
    kari = create_customer(name="Kari Nordmann", emails=["kari@example.no"])
    survey = answered(1, "Kari her, ring meg")
    Survey.objects.filter(pk=survey.pk).update(customer=kari)
    forget_customer(kari)
    assert not WebhookDelivery.objects.exists()


def test_the_admin_form_needs_a_secret_and_keeps_the_saved_one(
    endpoint: WebhookEndpoint,
) -> None:
    form = EndpointForm({"name": "CRM", "url": "https://crm.example/hook", "active": "on"})
    assert "secret" in form.errors
    form = EndpointForm({"name": "CRM", "url": "ftp://crm.example/", "secret": "x"})
    assert "url" in form.errors
    change = EndpointForm(
        {"name": "CRM 2", "url": "https://crm.example/hook", "active": "on"}, instance=endpoint
    )
    assert change.is_valid(), change.errors
    assert change.save().secret == SECRET
