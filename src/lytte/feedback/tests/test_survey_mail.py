"""The survey reaches the customer through a real SMTP server, as every outgoing message does:
the question inline, one link per score, the opt-out (also as List-Unsubscribe), marked as
automatic mail, on the case's thread."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lytte.cases.models import Case, ContactReason
from lytte.feedback.models import Survey
from lytte.feedback.tests.conftest import resolved_and_sent
from lytte.mail.models import Delivery, OutboundMessage
from lytte.mail.services import deliver
from lytte.mail.tests.servers import SmtpSink

pytestmark = pytest.mark.django_db


def test_the_survey_arrives_with_a_link_per_score(
    karis_case: Case, reason: ContactReason, smtp_sink: SmtpSink, settings: object, client: Client
) -> None:
    settings.SMTP_URL = smtp_sink.url  # type: ignore[attr-defined]
    settings.BASE_URL = "https://hjelp.lytte.test"  # type: ignore[attr-defined]
    survey = resolved_and_sent(karis_case, reason)
    outbound = OutboundMessage.objects.get(case=karis_case, kind=OutboundMessage.Kind.SURVEY)
    deliver(outbound_id=outbound.pk)

    assert b"\r\nList-Unsubscribe: <https://hjelp.lytte.test/help/nb/survey/" in bytes(outbound.raw)
    [received] = smtp_sink.wait_for(1)
    assert received.rcpt_tos == ["kari@example.no"]
    message = received.message
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "nb"
    assert f"[#{karis_case.number}]" in message["Subject"]
    body = message.get_content()
    assert survey.question is not None
    assert survey.question.text in body
    links = re.findall(r"https://hjelp\.lytte\.test(/help/nb/survey/[^/\s]+/)\?score=(\d)", body)
    assert [score for _path, score in links] == ["1", "2", "3", "4", "5"]
    opt_out = re.search(r"https://hjelp\.lytte\.test(/help/nb/survey/\S+/opt-out/)", body)
    assert opt_out is not None
    assert message["List-Unsubscribe"] == f"<https://hjelp.lytte.test{opt_out.group(1)}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    outbound.refresh_from_db()
    assert outbound.status == Delivery.SENT

    # The link in the mail is the page's.
    path, score = links[3]
    assert client.post(path, {"score": score}).status_code == 302
    survey.refresh_from_db()
    assert survey.score == 4
    assert survey.state == Survey.State.ANSWERED
