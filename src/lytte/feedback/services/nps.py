"""NPS (decision 47): each programme draws a random sample of customers on its schedule (of an
organization, language or recent contact when it says so; never the opted-out, the erased or
anyone asked within its quarantine), and their surveys go out by email when due (in business
hours when it says so), from the portal's address, one link per score from 0 to 10."""

from __future__ import annotations

import logging
import math
import random
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.customers.addresses import AddressKind
from lytte.customers.models import Customer
from lytte.feedback.events import NpsSent
from lytte.feedback.models import (
    NpsProgram,
    NpsQuestion,
    NpsSurvey,
    OptOut,
    Survey,
    SurveyRules,
)
from lytte.feedback.nps_models import NPS_SCORES
from lytte.feedback.services.timing import next_send_time
from lytte.platform.events import publish
from lytte.platform.notices import queue_notice

logger = logging.getLogger(__name__)
SALT = "lytte.feedback.nps"


def token_for(survey: NpsSurvey) -> str:
    return signing.Signer(salt=SALT).sign(str(survey.pk)).replace(":", ".")


def nps_for_token(token: str) -> NpsSurvey | None:
    """The sent NPS survey a token names; None for a forged or unsent one."""
    try:
        pk = int(signing.Signer(salt=SALT).unsign(token.replace(".", ":")))
    except (signing.BadSignature, ValueError):
        return None
    found = NpsSurvey.objects.select_related("question", "customer").filter(pk=pk)
    return found.filter(sent_at__isnull=False).first()


@transaction.atomic
def publish_nps_question(*, language: str, text: str, why_prompt: str) -> NpsQuestion:
    versions = list(
        NpsQuestion.objects.select_for_update()
        .filter(language=language)
        .values_list("version", flat=True)
    )
    question = NpsQuestion.objects.create(
        language=language,
        version=max(versions, default=0) + 1,
        text=text.strip(),
        why_prompt=why_prompt.strip(),
    )
    record(actor=None, action="nps.question_published", target=question)
    return question


def current_nps_question(language: str) -> NpsQuestion:
    """The language's newest version; the first time, one made from the built-in words."""
    found = NpsQuestion.objects.filter(language=language).order_by("-version").first()
    if found is not None:
        return found
    with translation.override(language):
        text = _("How likely are you to recommend %(business)s to a friend or colleague?") % {
            "business": settings.PORTAL_NAME
        }
        why = _("Why did you give that score?")
    return publish_nps_question(language=language, text=text, why_prompt=why)


def eligible(program: NpsProgram, now: datetime) -> QuerySet[Customer]:
    """Customers the programme may ask now: with a working email address, of its organization,
    language and recent contact if it names them, not opted out or erased, not asked within
    the quarantine."""
    customers = Customer.objects.filter(
        contact_points__kind=AddressKind.EMAIL, contact_points__failing_since__isnull=True
    )
    if program.organization_id is not None:
        customers = customers.filter(organization_id=program.organization_id)
    if program.language:
        customers = customers.filter(language=program.language)
    if program.contacted_within_days:
        since = now - timedelta(days=program.contacted_within_days)
        customers = customers.filter(last_contact_at__gte=since)
    asked = NpsSurvey.objects.filter(
        created_at__gte=now - timedelta(days=program.quarantine_days), customer__isnull=False
    ).values("customer_id")
    # Nor anyone sent a CSAT survey within the survey rules' quarantine (one survey per N days).
    csat_days = SurveyRules.current().quarantine_days
    surveyed = Survey.objects.filter(
        sent_at__gte=now - timedelta(days=csat_days), customer__isnull=False
    ).values("customer_id")
    customers = customers.exclude(pk__in=OptOut.objects.values("customer_id"))
    customers = customers.exclude(pk__in=asked)
    if csat_days:
        customers = customers.exclude(pk__in=surveyed)
    return customers.distinct()


def sample_size(program: NpsProgram, population: int) -> int:
    if program.sample_size is not None:
        return min(program.sample_size, population)
    return min(population, math.ceil(population * program.sample_percent / 100))


@transaction.atomic
def run_program(
    program: NpsProgram, *, now: datetime | None = None, rng: random.Random | None = None
) -> list[NpsSurvey]:
    """One round: draw the sample and schedule a survey for each; the next round is set."""
    now = now or timezone.now()
    program = NpsProgram.objects.select_for_update().get(pk=program.pk)
    pks = list(eligible(program, now).values_list("pk", flat=True))
    chosen = (rng or random.SystemRandom()).sample(pks, sample_size(program, len(pks)))
    due = next_send_time(program.calendar_id, now) if program.business_hours else now
    customers = Customer.objects.filter(pk__in=chosen)
    surveys = [
        NpsSurvey(
            program=program,
            customer=customer,
            organization_id=customer.organization_id,
            language=customer.language or settings.PORTAL_LANGUAGE,
            question=current_nps_question(customer.language or settings.PORTAL_LANGUAGE),
            due_at=due,
            created_at=now,
        )
        for customer in customers
    ]
    NpsSurvey.objects.bulk_create(surveys)
    program.last_run_at, program.next_run_at = now, now + timedelta(days=program.every_days)
    program.save(update_fields=["last_run_at", "next_run_at"])
    record(actor=None, action="nps.round", target=program, sampled=len(surveys))
    return surveys


def run_due_programs(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = NpsProgram.objects.filter(active=True, next_run_at__lte=now)
    return sum(len(run_program(program, now=now)) for program in due)


def _address(customer: Customer) -> str:
    points = customer.contact_points.filter(kind=AddressKind.EMAIL, failing_since__isnull=True)
    return points.order_by("-verified", "pk").values_list("value", flat=True).first() or ""


def owner(customer_id: int) -> str:
    """Whose queued mail an NPS survey is, for erasure (`notices.forget_owner`)."""
    return f"feedback.customer:{customer_id}"


def _queue_mail(survey: NpsSurvey, customer_id: int, address: str) -> None:
    """The survey's mail in the platform's outbox (decision 48): stored with the survey's
    `sent_at`, sent after commit and retried; the survey's id makes a retry one mail."""
    base = settings.BASE_URL.rstrip("/")
    kwargs = {"lang": survey.language, "token": token_for(survey)}
    page = base + reverse("feedback:nps", kwargs=kwargs)
    opt_out = base + reverse("feedback:nps-opt-out", kwargs=kwargs)
    scores = [(score, f"{page}?{urlencode({'score': score})}") for score in NPS_SCORES]
    valid_days = SurveyRules.current().valid_days
    with translation.override(survey.language):
        subject = _("A quick question from %(name)s") % {"name": settings.PORTAL_NAME}
        body = render_to_string(
            "feedback/nps_email.txt",
            {
                "question": survey.question,
                "scores": scores,
                "opt_out": opt_out,
                "valid_days": valid_days,
                "name": settings.PORTAL_NAME,
            },
        )
    queue_notice(
        key=f"feedback.nps:{survey.pk}",
        owner=owner(customer_id),
        to=address,
        language=survey.language,
        subject=subject,
        body=body,
        headers={
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{opt_out}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_nps(survey_id: int, *, now: datetime | None = None) -> NpsSurvey | None:
    """Send one due NPS survey, or skip it saying why; None when it was handled already."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = (
            NpsSurvey.objects.select_for_update(of=("self",))
            .select_related("customer", "question")
            .filter(pk=survey_id, sent_at__isnull=True, skipped_because="")
            .first()
        )
        if survey is None:
            return None
        customer = survey.customer
        why = "erased" if customer is None else ""
        if customer is not None and OptOut.objects.filter(customer=customer).exists():
            why = "opted_out"
        address = _address(customer) if customer is not None and not why else ""
        if not why and not address:
            why = "no_address"
        if why or customer is None:
            survey.skipped_because = why
            survey.save(update_fields=["skipped_because"])
            return survey
        survey.sent_at = now
        survey.save(update_fields=["sent_at"])
        _queue_mail(survey, customer.pk, address)
        publish(NpsSent(nps_id=survey.pk))
    return survey


def send_due_nps(*, now: datetime | None = None, limit: int = 200) -> int:
    now = now or timezone.now()
    due = NpsSurvey.objects.filter(sent_at__isnull=True, skipped_because="", due_at__lte=now)
    handled = 0
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        try:
            handled += send_nps(pk, now=now) is not None
        except Exception:
            logger.exception("NPS survey %s could not be sent", pk)
    return handled
