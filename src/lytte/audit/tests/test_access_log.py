"""The access log: who opened which customer's data, one row per look, purged by age."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lytte.accounts.models import User
from lytte.audit.models import AccessChannel, AccessRecord
from lytte.audit.selectors import access_log, expired_access_records
from lytte.audit.services import ACCESS_COALESCE, purge_access_records, record_access
from lytte.customers.models import Customer
from lytte.customers.services import create_customer


@pytest.fixture
def solveig(agent: User) -> Customer:
    return create_customer(name="Solveig Åkerø", phones=["+47 415 55 321"], created_by=agent)


def test_opening_a_customer_writes_who_when_and_through_what(
    agent: User, solveig: Customer
) -> None:
    record = record_access(user=agent, customer=solveig, channel=AccessChannel.CUSTOMER_PAGE)

    assert record is not None
    assert list(access_log(solveig.pk)) == [record]
    assert (record.user, record.customer_id, record.channel) == (
        agent,
        solveig.pk,
        AccessChannel.CUSTOMER_PAGE,
    )


def test_a_repeat_within_the_window_is_one_row_but_another_person_or_channel_is_not(
    agent: User, teammate: User, solveig: Customer
) -> None:
    record_access(user=agent, customer=solveig, channel=AccessChannel.CUSTOMER_PAGE)
    assert record_access(user=agent, customer=solveig, channel=AccessChannel.CUSTOMER_PAGE) is None
    record_access(user=teammate, customer=solveig, channel=AccessChannel.CUSTOMER_PAGE)
    record_access(user=agent, customer=solveig, channel=AccessChannel.API)

    assert access_log(solveig.pk).count() == 3


def test_the_same_look_after_the_window_is_logged_again(agent: User, solveig: Customer) -> None:
    first = record_access(user=agent, customer=solveig, channel=AccessChannel.CUSTOMER_PAGE)
    assert first is not None
    AccessRecord.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - ACCESS_COALESCE - timedelta(seconds=1)
    )

    assert record_access(user=agent, customer=solveig, channel=AccessChannel.CUSTOMER_PAGE)
    assert access_log(solveig.pk).count() == 2


def test_every_export_is_logged_even_twice_in_a_minute(agent: User, solveig: Customer) -> None:
    record_access(user=agent, customer=solveig, channel=AccessChannel.EXPORT)
    record_access(user=agent, customer=solveig, channel=AccessChannel.EXPORT)

    assert access_log(solveig.pk).count() == 2


def test_retention_purges_only_the_records_older_than_the_cut(
    agent: User, solveig: Customer
) -> None:
    old = record_access(user=agent, customer=solveig, channel=AccessChannel.WORKSPACE)
    recent = record_access(user=agent, customer=solveig, channel=AccessChannel.API)
    assert old is not None
    assert recent is not None
    cut = timezone.now() - timedelta(days=730)
    AccessRecord.objects.filter(pk=old.pk).update(created_at=cut - timedelta(days=1))

    assert list(expired_access_records(cut)) == [old]
    assert purge_access_records(cut) == 1
    assert list(access_log(solveig.pk)) == [recent]


def test_the_log_outlives_a_deleted_customer(agent: User, solveig: Customer) -> None:
    record_access(user=agent, customer=solveig, channel=AccessChannel.CUSTOMER_PAGE)
    customer_id = solveig.pk
    solveig.delete()

    assert access_log(customer_id).count() == 1
