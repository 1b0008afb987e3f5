"""Erasure (decisions 20, 40, 42 and 47): a survey's comment (CSAT or NPS) is the customer's
own text and goes with them, as does a follow-up's result written about it, and the mobile
number and text of a survey's text messages; the comment's stored words and the webhook
deliveries that carry it go too (decision 42); scores, choices and dates stay, so CSAT and NPS
figures are the same before and after: the answer stays counted in the survey rollups, which
hold no customer, as an anonymous score (decision 50). An erased customer is never asked
again."""

from __future__ import annotations

from django.db.models import Q

from lytte.customers.models import Customer
from lytte.feedback import webhooks
from lytte.feedback.comments import forget_comments
from lytte.feedback.models import FollowUp, NpsSurvey, OptOut, SmsMessage, Survey
from lytte.feedback.rollups import mark_sent
from lytte.feedback.services.nps import owner as nps_owner
from lytte.platform.notices import forget_owner


def forget_customer(customer: Customer) -> None:
    surveys = Survey.objects.filter(Q(customer=customer) | Q(case__customer=customer))
    forget_comments(surveys)
    webhooks.forget(surveys)
    surveys.exclude(comment="").update(comment="")
    surveys.filter(state=Survey.State.SCHEDULED).update(
        state=Survey.State.SKIPPED, skipped_because="erased"
    )
    FollowUp.objects.filter(survey__in=surveys).exclude(result="").update(result="")
    texts = SmsMessage.objects.filter(survey__in=surveys)
    texts.filter(state=SmsMessage.State.PENDING).update(
        state=SmsMessage.State.FAILED, last_error="erased"
    )
    texts.update(to="", text="", link="")
    nps = NpsSurvey.objects.filter(customer=customer)
    nps.exclude(comment="").update(comment="")
    nps.filter(sent_at__isnull=True, skipped_because="").update(skipped_because="erased")
    FollowUp.objects.filter(nps__in=nps).exclude(result="").update(result="")
    forget_owner(nps_owner(customer.pk))  # NPS mail still in the outbox
    OptOut.objects.update_or_create(customer=customer, defaults={"erased": True})
    # Nothing counted changed (a survey skipped was never sent); recounting their days costs
    # little and keeps the rollups equal to the surveys whatever erasure comes to change.
    mark_sent(*surveys.values_list("sent_at", flat=True), *nps.values_list("sent_at", flat=True))
