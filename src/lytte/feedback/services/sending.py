"""Scheduling a survey when a case is resolved, and sending it when it is due, by the rules:
which channels, reasons and teams; a quarantine per customer; never to the opted-out or erased;
in business hours when the rules say so; after a call by text message to a mobile number."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from lytte.cases.models import Case, Channel, Status
from lytte.customers.addresses import AddressKind
from lytte.feedback.events import SurveySent
from lytte.feedback.models import SCORES, AskedBy, NpsSurvey, OptOut, Survey, SurveyRules
from lytte.feedback.services.answers import survey_page, token_for
from lytte.feedback.services.questions import current_question
from lytte.feedback.services.sms import mobile_number, send_by_sms
from lytte.feedback.services.timing import calendar_id_for, next_send_time
from lytte.mail.models import Mailbox
from lytte.mail.services.outbound import mailbox_for, outgoing_language
from lytte.mail.services.outbound import send_survey as send_survey_mail
from lytte.platform.events import publish

logger = logging.getLogger(__name__)


def schedule_survey(case: Case) -> Survey | None:
    """A case was resolved: its survey goes out after the rules' delay (once per case)."""
    rules = SurveyRules.current()
    if not rules.active or case.status != Status.RESOLVED:
        return None
    at = case.resolved_at or timezone.now()
    survey, _created = Survey.objects.get_or_create(
        case=case,
        defaults={
            "customer": case.customer,
            "send_after": at + timedelta(minutes=rules.delay_minutes),
        },
    )
    return survey


def send_due_surveys(*, limit: int = 100, now: datetime | None = None) -> int:
    """Send (or skip, saying why) every survey whose time has come; the number handled."""
    now = now or timezone.now()
    due = Survey.objects.filter(state=Survey.State.SCHEDULED, send_after__lte=now).values_list(
        "pk", flat=True
    )[:limit]
    handled = 0
    for pk in list(due):
        try:
            handled += send_survey(pk, now=now) is not None
        except Exception:
            logger.exception("Survey %s could not be sent", pk)
    return handled


def why_not(survey: Survey, rules: SurveyRules, now: datetime | None = None) -> str:
    """Why the rules say this survey must not go out now ("" when it may)."""
    case = survey.case
    customer = case.customer
    if not rules.active:
        return "inactive"
    if case.status != Status.RESOLVED:
        return "not_resolved"  # reopened meanwhile, or closed
    if customer is None:
        return "no_customer"
    if OptOut.objects.filter(customer=customer).exists():
        return "opted_out"
    if rules.channels and case.channel not in rules.channels:
        return "channel"
    reasons = set(rules.reasons.values_list("pk", flat=True))
    if reasons and case.reason_id not in reasons:
        return "reason"
    teams = set(rules.teams.values_list("pk", flat=True))
    if teams and case.team_id not in teams:
        return "team"
    since = (now or timezone.now()) - timedelta(days=rules.quarantine_days)
    asked = Survey.objects.filter(customer=customer, sent_at__gte=since).exclude(pk=survey.pk)
    asked_nps = NpsSurvey.objects.filter(customer=customer, sent_at__gte=since)
    if rules.quarantine_days and (asked.exists() or asked_nps.exists()):
        return "quarantine"
    return ""


def _address(survey: Survey) -> str:
    points = survey.case.customer.contact_points.filter(  # type: ignore[union-attr]
        kind=AddressKind.EMAIL, failing_since__isnull=True
    )
    return points.order_by("-verified", "pk").values_list("value", flat=True).first() or ""


def _links(survey: Survey, language: str) -> tuple[list[tuple[int, str]], str]:
    base = settings.BASE_URL.rstrip("/")
    token = token_for(survey)
    page = survey_page(survey, language)
    scores = [(score, f"{page}?{urlencode({'score': score})}") for score in SCORES]
    opt_out = base + reverse("feedback:opt-out", kwargs={"lang": language, "token": token})
    return scores, opt_out


@transaction.atomic
def send_survey(survey_id: int, *, now: datetime | None = None) -> Survey | None:
    """Send one due survey, skip it, or (outside business hours) put it off until the next
    opening; None when another worker had it already."""
    now = now or timezone.now()
    survey = (
        Survey.objects.select_for_update(of=("self",))  # PostgreSQL locks no outer join's side
        .filter(pk=survey_id, state=Survey.State.SCHEDULED)
        .select_related("case", "case__customer")
        .first()
    )
    if survey is None:
        return None
    rules = SurveyRules.current()
    why = why_not(survey, rules, now)
    if not why and rules.business_hours:
        opening = next_send_time(calendar_id_for(survey.case.team_id, rules.calendar_id), now)
        if opening > now:
            survey.send_after = opening
            survey.save(update_fields=["send_after"])
            return survey
    if not why and (mobile := _mobile_after_call(survey, rules)):
        return send_by_sms(survey, mobile, _language(survey), now=now)
    address = _address(survey) if not why else ""
    mailbox = mailbox_for(survey.case) if address else None
    if not why and not address:
        why = "no_address"
    if not why and mailbox is None:
        why = "no_mailbox"
    if why or mailbox is None:
        survey.state, survey.skipped_because = Survey.State.SKIPPED, why
        survey.save(update_fields=["state", "skipped_because"])
        return survey
    return _send(survey, rules, address, mailbox)


def _mobile_after_call(survey: Survey, rules: SurveyRules) -> str:
    """The customer's mobile number when a call's survey goes by text message ("": by email)."""
    if survey.case.channel != Channel.PHONE or not rules.sms_after_calls:
        return ""
    if not (rules.sms_webhook_url or settings.SMS_WEBHOOK_URL):
        return ""  # no SMS provider: by email, as without a mobile number
    return mobile_number(survey.case.customer)


def _language(survey: Survey) -> str:
    customer = survey.case.customer
    return (customer.language if customer else "") or settings.PORTAL_LANGUAGE


def _send(survey: Survey, rules: SurveyRules, address: str, mailbox: Mailbox) -> Survey:
    case = survey.case
    language = outgoing_language(case, mailbox)
    question = current_question(language)
    survey.language, survey.question = language, question
    survey.reason_id, survey.channel = case.reason_id, case.channel
    survey.team_id, survey.agent_id = case.team_id, case.assignee_id
    survey.organization_id = case.organization_id
    survey.state, survey.sent_at = Survey.State.SENT, timezone.now()
    survey.customer, survey.sent_by = case.customer, AskedBy.EMAIL
    survey.save()
    scores, opt_out = _links(survey, language)
    subject = gettext_lazy("How did we do?")  # the mail adds the case number
    send_survey_mail(
        case=case,
        mailbox=mailbox,
        to=address,
        template="feedback/survey_email.txt",
        context={
            "question": question,
            "scores": scores,
            "opt_out": opt_out,
            "valid_days": rules.valid_days,
        },
        subject=subject,
        unsubscribe=opt_out,
    )
    publish(SurveySent(survey_id=survey.pk, case_id=case.pk))
    return survey
