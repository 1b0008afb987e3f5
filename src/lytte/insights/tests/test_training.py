"""Training from the organization's own categorised contacts: versions, the previous one kept,
too-small reasons left to keyword rules, and the nightly schedule."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases.models import Channel, ContactReason, Direction
from lytte.cases.services import log_contact, open_case, set_reason
from lytte.insights import schedule as nightly
from lytte.insights.models import ReasonModel
from lytte.insights.selectors import suggest
from lytte.insights.services import train_model, training_data
from lytte.insights.tests.conftest import labelled


def categorised(texts: list[str], labels: list[str], team: Team) -> None:
    """Cases as agents leave them: a note while listening, then the reason."""
    reasons = {reason.code: reason for reason in ContactReason.objects.all()}
    for text, code in zip(texts, labels, strict=True):
        case = open_case(channel=Channel.PHONE, opened_by=None, team=team)
        log_contact(
            case=case,
            channel=Channel.NOTE,
            direction=Direction.INTERNAL,
            logged_by=None,
            body=text,
        )
        set_reason(case=case, reason=reasons[code], changed_by=None)


def test_a_model_is_trained_from_categorised_cases_and_used_at_once(
    team_oslo: Team, settings: object
) -> None:
    settings.REASONS_MIN_EXAMPLES = 10  # type: ignore[attr-defined]
    texts, labels = labelled(copies=2)
    categorised(texts, labels, team_oslo)

    result = train_model()

    assert result.model is not None, result.message
    assert result.model.active
    assert result.model.trained_on == len(texts)
    assert set(result.model.reasons) == {"invoice", "delivery", "fault", "cancellation"}
    assert result.model.metrics["macro_f1"] >= 0.8
    found = suggest("pakken min har ikke kommet")
    assert found.model_version == result.model.pk
    assert found.items[0].reason.code == "delivery"


def test_each_training_is_a_new_version_and_the_previous_one_is_kept(
    team_oslo: Team, settings: object
) -> None:
    settings.REASONS_MIN_EXAMPLES = 10  # type: ignore[attr-defined]
    categorised(*labelled(copies=2), team_oslo)

    first = train_model().model
    second = train_model().model
    third = train_model().model

    assert first is not None
    assert second is not None
    assert third is not None
    assert list(ReasonModel.objects.filter(active=True)) == [third]
    assert set(ReasonModel.objects.values_list("pk", flat=True)) == {second.pk, third.pk}


def test_reasons_with_too_little_history_are_left_to_keyword_rules(
    team_oslo: Team, settings: object
) -> None:
    settings.REASONS_MIN_EXAMPLES = 10  # type: ignore[attr-defined]
    texts, labels = labelled(copies=2)
    categorised(texts, labels, team_oslo)
    categorised(["takk for god hjelp i dag"], ["praise"], team_oslo)  # one is not enough

    model = train_model().model

    assert model is not None
    assert "praise" not in model.reasons
    found = suggest("tusen takk for hjelpen")
    assert found.items[0].reason.code == "praise"
    assert found.items[0].source == "keywords"


def test_without_enough_history_training_says_why(db: None) -> None:
    result = train_model()

    assert result.model is None
    assert "two are needed" in result.message


def test_our_replies_are_not_training_texts(team_oslo: Team) -> None:
    case = open_case(channel=Channel.EMAIL, opened_by=None, team=team_oslo)
    log_contact(
        case=case,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        logged_by=None,
        body="fakturaen er feil",
    )
    log_contact(
        case=case,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        logged_by=None,
        body="Vi har rettet den.",
    )
    set_reason(case=case, reason=ContactReason.objects.get(code="invoice"), changed_by=None)

    assert training_data() == (["fakturaen er feil"], ["invoice"])


@pytest.mark.parametrize(
    ("hour", "trained_hours_ago", "due"),
    [(2, None, True), (2, 3, False), (2, 30, True), (14, None, False)],
)
def test_training_is_due_at_night_once(
    db: None, monkeypatch: pytest.MonkeyPatch, hour: int, trained_hours_ago: int | None, due: bool
) -> None:
    oslo = ZoneInfo("Europe/Oslo")
    now = datetime(2026, 11, 24, hour, 5, tzinfo=oslo)
    monkeypatch.setattr(nightly.timezone, "now", lambda: now)
    monkeypatch.setattr(nightly.timezone, "localtime", lambda: now)
    if trained_hours_ago is not None:
        model = ReasonModel.objects.create(artifact=b"")
        ReasonModel.objects.filter(pk=model.pk).update(
            created_at=now - timedelta(hours=trained_hours_ago)
        )

    assert nightly.training_due() is due


def test_admins_start_a_training_from_the_admin(client: Client, admin_user: User) -> None:
    from django_tasks_db.models import DBTaskResult

    client.force_login(admin_user)

    page = client.get("/admin/insights/reasonmodel/")
    assert page.status_code == 200
    assert "Train now" in page.content.decode()
    response = client.post("/admin/insights/reasonmodel/train/")

    assert response.status_code == 302
    assert DBTaskResult.objects.filter(task_path__endswith="train_reasons").count() == 1
