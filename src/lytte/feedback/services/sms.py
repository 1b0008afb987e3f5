"""Surveys after calls by text message (decision 47): to the customer's mobile number, short and
in their language, with the signed link to the same survey page. The message is stored first,
then handed to the business's SMS webhook by a task that retries."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.request
from datetime import datetime, timedelta

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytte.customers.addresses import AddressKind
from lytte.customers.models import Customer
from lytte.feedback.events import SurveySent
from lytte.feedback.models import AskedBy, SmsMessage, Survey, SurveyRules
from lytte.feedback.services.answers import survey_page
from lytte.feedback.services.questions import current_question
from lytte.platform.events import publish

logger = logging.getLogger(__name__)

RETRY_MINUTES = (1, 5, 30, 120)
TIMEOUT = 10  # seconds for the webhook to answer
MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def is_mobile(e164: str) -> bool:
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in MOBILE


def mobile_number(customer: Customer | None) -> str:
    """The customer's first working mobile number ("" for none)."""
    if customer is None:
        return ""
    points = customer.contact_points.filter(kind=AddressKind.PHONE, failing_since__isnull=True)
    numbers = points.order_by("-verified", "pk").values_list("value", flat=True)
    return next((number for number in numbers if is_mobile(number)), "")


def sms_text(survey: Survey, language: str, link: str) -> str:
    """One short sentence (a single SMS segment before the link) and the link."""
    with translation.override(language):
        return _("Thanks for calling us. How did we do? One click: %(link)s") % {"link": link}


def send_by_sms(survey: Survey, to: str, language: str, *, now: datetime) -> Survey:
    """Stamp the (locked) survey as sent by text message and store the message; the task
    delivers it after commit."""
    case = survey.case
    survey.language, survey.question = language, current_question(language)
    survey.reason_id, survey.channel = case.reason_id, case.channel
    survey.team_id, survey.agent_id = case.team_id, case.assignee_id
    survey.organization_id = case.organization_id
    survey.state, survey.sent_at = Survey.State.SENT, now
    survey.customer, survey.sent_by = case.customer, AskedBy.SMS
    survey.save()
    link = survey_page(survey, language)
    message = SmsMessage.objects.create(
        survey=survey, to=to, text=sms_text(survey, language, link), language=language, link=link
    )
    transaction.on_commit(lambda: enqueue(message.pk))
    publish(SurveySent(survey_id=survey.pk, case_id=case.pk))
    return survey


def enqueue(message_id: int, *, run_after: datetime | None = None) -> None:
    from lytte.feedback.tasks import deliver_sms  # the task module imports this one

    task = deliver_sms.using(run_after=run_after) if run_after else deliver_sms
    task.enqueue(message_id)


def webhook() -> tuple[str, str]:
    """The webhook's address and secret: the rules' own, else the deployment's."""
    rules = SurveyRules.current()
    url = rules.sms_webhook_url or settings.SMS_WEBHOOK_URL
    secret = rules.sms_webhook_secret or settings.SMS_WEBHOOK_SECRET
    return url, secret


def _post(url: str, secret: str, message: SmsMessage) -> None:
    body = json.dumps(
        {"to": message.to, "text": message.text, "language": message.language, "link": message.link}
    ).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "Lytte"}
    if secret:
        signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        headers["Authorization"] = f"Bearer {secret}"
        headers["X-Lytte-Signature"] = f"sha256={signature}"
    if not url.startswith(("https://", "http://")):
        raise ValueError("the SMS webhook must be an http(s) address")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
        if not 200 <= response.status < 300:
            raise ValueError(f"the SMS webhook answered {response.status}")


@transaction.atomic
def deliver(message_id: int) -> SmsMessage | None:
    """Hand one stored message to the webhook; on failure try again later, and give up (state
    failed) after the last retry. None when it was sent already or is gone. The row is locked
    while it is handed over, so two workers never send it twice."""
    pending = SmsMessage.objects.select_for_update().filter(
        pk=message_id, state=SmsMessage.State.PENDING
    )
    message = pending.first()
    if message is None:
        return None
    url, secret = webhook()
    message.attempts += 1
    try:
        if not url:
            raise ValueError("no SMS webhook is configured")
        _post(url, secret, message)
    except (OSError, ValueError) as error:  # URLError and HTTPError are OSErrors
        message.last_error = str(error)[:300]
        if message.attempts > len(RETRY_MINUTES):
            message.state = SmsMessage.State.FAILED
            logger.warning("Survey text message %s failed: %s", message.pk, error)
        message.save(update_fields=["attempts", "last_error", "state"])
        if message.state == SmsMessage.State.PENDING:
            later = timezone.now() + timedelta(minutes=RETRY_MINUTES[message.attempts - 1])
            transaction.on_commit(lambda: enqueue(message.pk, run_after=later))
        return message
    message.state, message.sent_at, message.last_error = SmsMessage.State.SENT, timezone.now(), ""
    message.save(update_fields=["attempts", "last_error", "state", "sent_at"])
    return message
