"""Every route of the URLconf and every operation of the OpenAPI schema, requested as each
persona, answers what rbac_table.py says; a route missing from the table, or a row whose route
is gone, fails. The path parameters are real objects of one world: a Helsinki case (the agent,
Ingrid, is in Oslo), its email with an attachment, a call logged on it, Kari who wrote it."""

from __future__ import annotations

import io
from datetime import date, time
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image

from lytte.accounts.models import Team, User
from lytte.accounts.services import create_api_token
from lytte.cases.models import ContactReason
from lytte.chat.models import ChatWidget, Conversation
from lytte.community import services as community
from lytte.community.images.models import PostImage
from lytte.community.models import Category as CommunityCategory
from lytte.community.models import Post
from lytte.community.services.images import prepare
from lytte.customers.services import create_customer, create_organization
from lytte.feedback.models import Survey
from lytte.insights import charts
from lytte.knowledge import services as knowledge
from lytte.knowledge.models import Attachment, Category, State, Translation
from lytte.knowledge.services.files import upload
from lytte.mail.services import create_push_mailbox, receive_message
from lytte.phone import services as phone
from lytte.phone.services import create_integration
from lytte.platform.tests import rbac
from lytte.platform.tests.rbac_table import ADMIN_CANNOT_ADD, ADMIN_FORBIDDEN, API, PAGES
from lytte.sla.models import Calendar, Policy


def test_every_page_route_is_in_the_table() -> None:
    listed = {row.pattern for row in PAGES}
    missing = rbac.page_routes() - listed
    assert not missing, f"Add a row to PAGES in core/tests/rbac_table.py for: {sorted(missing)}"


def test_every_api_operation_is_in_the_table() -> None:
    missing = rbac.api_operations() - {row.key for row in API}
    assert not missing, f"Add a row to API in core/tests/rbac_table.py for: {sorted(missing)}"


def test_every_row_is_for_a_route_that_exists() -> None:
    gone = {row.pattern for row in PAGES} - rbac.page_routes()
    gone |= {row.key for row in API} - rbac.api_operations()
    assert not gone, f"Remove these rows from core/tests/rbac_table.py: {sorted(gone)}"


def test_each_route_and_method_has_one_row() -> None:
    keys = [row.key for row in [*PAGES, *API]]
    assert len(keys) == len(set(keys))


def help_centre_article() -> Translation:
    """A published public article of the help centre, in a category."""
    invoices = Category.objects.create(slug="invoices", name="Invoices", name_nb="Faktura")
    article = knowledge.create_article(by=None, source_language="nb", category=invoices)
    translation = knowledge.save_translation(
        article=article, language="nb", title="Faktura", body="Fakturaen kommer", by=None
    )
    return knowledge.set_state(translation, State.PUBLISHED, by=None)


def _message(team: Team) -> Any:
    mailbox = create_push_mailbox(name="Asiakaspalvelu", address="asiakas@lytte.test", team=team)[0]
    message = EmailMessage()
    message["From"] = "Kari Nordmann <kari@example.no>"
    message["To"] = "asiakas@lytte.test"
    message["Subject"] = "Sähkökatko Kalliossa"
    message["Message-ID"] = make_msgid()
    message.set_content("Sähköt ovat poikki, ystävällisin terveisin Kari.")
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="kuva.pdf")
    return receive_message(mailbox=mailbox, raw=message.as_bytes()).message


def _knowledge() -> tuple[Translation, Attachment]:
    """A public article published in Norwegian, saved twice, with an image."""
    article = knowledge.create_article(by=None, source_language="nb")
    for body in ("Slik endrer du fakturaadressen.", "Logg inn og endre fakturaadressen."):
        text = knowledge.save_translation(
            article=article, language="nb", title="Fakturaadresse", body=body, by=None
        )
    knowledge.set_state(text, State.REVIEW, by=None)
    knowledge.set_state(text, State.PUBLISHED, by=None)
    image = b"\x89PNG\r\n\x1a\n" + bytes(16)
    return text, upload(article=article, filename="skjerm.png", content=image, by=None)


@pytest.fixture
def world(
    agent: User, supervisor: User, admin_user: User, team_oslo: Team, team_helsinki: Team
) -> dict[str, Any]:
    organization = create_organization(name="Fjordkraft Øst AS", domains=["fjordkraft.no"])
    kari = create_customer(
        name="Kari Nordmann", phones=["+47 912 34 567"], emails=["kari@example.no"]
    )
    message = _message(team_helsinki)
    case = message.case
    integration, _token = create_integration(name="Sentralbord")
    call = integration.calls.create(
        call_id="c-1", caller="+4791234567", customer=kari, started_at=case.created_at
    )
    phone.log_call(call=call, agent=None, onto=case)
    token = create_api_token(user=agent, name="Skript")[0]
    reason = ContactReason.objects.create(code="outage", name="Power outage", name_fi="Sähkökatko")
    help_article = help_centre_article()
    text, file = _knowledge()
    widget = ChatWidget.objects.create(name="Nettprat", team=team_helsinki)
    calendar = _calendar()
    reply = _community_reply(kari)
    return {
        "number": case.number,
        "case_id": case.pk,
        "contact_id": message.contact_id,
        "message": message.pk,
        "attachment": message.attachments.get().pk,
        "call_id": call.pk,
        "customer_id": kari.pk,
        "point_id": kari.contact_points.first().pk,  # type: ignore[union-attr]
        "organization_id": organization.pk,
        "reason_id": reason.pk,
        "lang": help_article.language,
        "article_slug": help_article.slug,
        "category_slug": help_article.article.category.slug,  # type: ignore[union-attr]
        "team_id": team_helsinki.pk,
        "token_id": token.pk,
        "article_id": text.article_id,
        "language": text.language,
        "slug": text.slug,
        "version": 1,
        "file": file.pk,
        "file_name": file.filename,
        "name": "team",
        "table": "weekly",
        "report": "times",
        "format": "csv",
        "digest": charts.digest(),
        "token": "not-the-token",
        "key": widget.key,
        "conversation_id": _waiting_chat(widget).pk,
        "calendar_id": calendar.pk,
        "policy_id": Policy.objects.create(name="Alle", first_response_minutes=60).pk,
        "community_category": reply.thread.category.slug,
        "thread_id": reply.thread_id,
        "post_id": reply.pk,
        "member_id": reply.author_id,
        "image_id": PostImage.objects.get(post=reply).pk,
        "image_name": PostImage.objects.get(post=reply).filename,
        "survey_id": Survey.objects.create(case=case, send_after=case.created_at).pk,
        "users": {"agent": agent, "supervisor": supervisor, "admin": admin_user},
    }


def _calendar() -> Calendar:
    """Helsinki's hours: weekdays with a lunch break, closed on Finland's holidays and eves."""
    calendar = Calendar.objects.create(
        name="Asiakaspalvelu", time_zone="Europe/Helsinki", country="FI"
    )
    for weekday in range(5):
        calendar.windows.create(weekday=weekday, opens=time(8), closes=time(11, 30))
        calendar.windows.create(weekday=weekday, opens=time(12), closes=time(16))
    calendar.days.create(date=date(2026, 12, 31), kind="closes_early", closes=time(12))
    return calendar


def _community_reply(kari: Any) -> Post:
    """Kari's question in the community, and her own reply to it (a reply, so staff may accept
    it; a customer's, so staff may not edit it)."""
    member = community.choose_display_name(kari, "Fjordkari")
    category = CommunityCategory.objects.create(slug="power", name="Power", name_nb="Strøm")
    thread = community.ask(
        member=member, category=category, language="nb", title="Strømbrudd", body="Hei"
    )
    image = Image.new("RGB", (4, 4), "teal")
    png = io.BytesIO()
    image.save(png, "PNG")
    shown = prepare(filename="strøm.png", content=png.getvalue(), alt="Måleren")
    return community.reply(thread=thread, body="Nå virker det", member=member, image=shown)


def _waiting_chat(widget: ChatWidget) -> Conversation:
    """A chat waiting in the widget's (Helsinki's) queue."""
    return Conversation.objects.create(
        widget=widget,
        client_id="rbac-chat-1",
        token_digest="0" * 64,
        team=widget.team,
        claimed_name="Liisa",
        waiting_since=timezone.now(),
    )


def _outcomes(row: rbac.Row, world: dict[str, Any], api: bool) -> dict[str, rbac.Outcome]:
    outcomes = {}
    for persona in rbac.PERSONAS:
        user = world["users"].get(persona)
        if api:
            bearer = create_api_token(user=user, name="rbac")[1] if user else None
            client = rbac.signed_in(None)
            if bearer:
                client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
        else:
            client = rbac.signed_in(user)
        outcomes[persona] = rbac.request_as(client, row, world, api)
    return outcomes


def _expected(row: rbac.Row) -> dict[str, rbac.Outcome]:
    return {persona: row.expected(persona) for persona in rbac.PERSONAS}


@pytest.mark.parametrize("row", PAGES, ids=[row.key for row in PAGES])
def test_each_page_answers_each_persona_as_the_table_says(
    row: rbac.Row, world: dict[str, Any]
) -> None:
    assert _outcomes(row, world, api=False) == _expected(row)


@pytest.mark.parametrize("row", API, ids=[row.key for row in API])
def test_each_api_operation_answers_each_persona_as_the_table_says(
    row: rbac.Row, world: dict[str, Any]
) -> None:
    assert _outcomes(row, world, api=True) == _expected(row)


@pytest.mark.parametrize(
    ("app_label", "model_name", "model_admin"),
    rbac.admin_models(),
    ids=[f"{app}.{model}" for app, model, _admin in rbac.admin_models()],
)
def test_each_admin_page_is_for_admins_only(
    world: dict[str, Any], app_label: str, model_name: str, model_admin: Any
) -> None:
    """The grouped rule for the admin site (see ADMIN_CANNOT_ADD in rbac_table.py): each app's
    page, and each model's list, add and (for a row the world holds) change page."""
    model = f"{app_label}.{model_name}"
    pages = [f"/admin/{app_label}/{model_name}/"]
    if model not in ADMIN_FORBIDDEN:
        pages.append(f"/admin/{app_label}/")
    add = f"/admin/{app_label}/{model_name}/add/"
    first = model_admin.model._default_manager.first()
    if first is not None:
        pages.append(f"/admin/{app_label}/{model_name}/{first.pk}/change/")
    for persona in rbac.PERSONAS:
        client = rbac.signed_in(world["users"].get(persona))
        assert rbac.outcome_of(client.get("/admin/")) == (
            200 if persona == "admin" else rbac.ADMIN_LOGIN
        )
        for path in [*pages, add]:
            expected: rbac.Outcome = rbac.ADMIN_LOGIN
            if persona == "admin":
                refused = model in ADMIN_FORBIDDEN or (path == add and model in ADMIN_CANNOT_ADD)
                expected = 403 if refused else 200
            assert rbac.outcome_of(client.get(path)) == expected, (persona, path)
