"""Erasure (decisions 20 and 40): a survey's comment is the customer's own text and goes with
them, as does a follow-up's result written about it; scores, choices and dates stay, so CSAT
figures are the same before and after; the comment's stored words and the webhook deliveries
that carry it go too. An erased customer is never asked again."""

from __future__ import annotations

from django.db.models import Q

from lytte.customers.models import Customer
from lytte.feedback import webhooks
from lytte.feedback.comments import forget_comments
from lytte.feedback.models import FollowUp, OptOut, Survey


def forget_customer(customer: Customer) -> None:
    surveys = Survey.objects.filter(Q(customer=customer) | Q(case__customer=customer))
    forget_comments(surveys)
    webhooks.forget(surveys)
    surveys.exclude(comment="").update(comment="")
    surveys.filter(state=Survey.State.SCHEDULED).update(
        state=Survey.State.SKIPPED, skipped_because="erased"
    )
    FollowUp.objects.filter(survey__in=surveys).exclude(result="").update(result="")
    OptOut.objects.update_or_create(customer=customer, defaults={"erased": True})
