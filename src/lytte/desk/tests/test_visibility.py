"""The desk shows only what its user may see (decision 19): another team's case is refused in
the workspace, left out of search, the customer card and the new-case page; its emails and
attachments are refused. A teammate and a supervisor see them."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import ContactReason
from lytte.cases.tests.two_teams import TwoTeams, kari_in_two_teams
from lytte.mail.models import Attachment, InboundMessage
from lytte.mail.services import create_push_mailbox, receive_message


@pytest.fixture
def world(team_oslo: Team, team_helsinki: Team) -> TwoTeams:
    world = kari_in_two_teams(team_oslo, team_helsinki)
    outage = ContactReason.objects.create(
        code="power-outage", name="Power outage", name_fi="Sähkökatko"
    )
    services.set_reason(case=world.helsinki_case, reason=outage, changed_by=None)
    return world


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_search_leaves_out_another_teams_case(
    world: TwoTeams, agent: User, other_agent: User, supervisor: User
) -> None:
    number = world.helsinki_case.number
    link = f'href="/desk/cases/{number}/"'

    def results(user: User, query: str) -> str:
        return (
            _client(user)
            .get("/desk/search/", {"q": query}, HTTP_HX_REQUEST="true")
            .content.decode()
        )

    for query in (str(number), f"#{number}", "Sähkökatko Kalliossa"):
        assert link not in results(agent, query)
        assert "Nothing found" in results(agent, query)
        for user in (other_agent, supervisor):
            assert link in results(user, query)


def test_the_workspace_of_another_teams_case_is_refused(
    world: TwoTeams, agent: User, other_agent: User, supervisor: User
) -> None:
    path = f"/desk/cases/{world.helsinki_case.number}/"

    refused = _client(agent).get(path)

    assert refused.status_code == 403
    assert "Sähkökatko" not in refused.content.decode()
    for user in (other_agent, supervisor):
        assert _client(user).get(path).status_code == 200


def test_the_customer_card_lists_only_cases_the_agent_may_see(
    world: TwoTeams, agent: User, supervisor: User
) -> None:
    path = f"/desk/cases/{world.oslo_case.number}/"
    helsinki = f"#{world.helsinki_case.number}"

    agents_card = _client(agent).get(path).content.decode()
    supervisors_card = _client(supervisor).get(path).content.decode()

    assert f"#{world.teamless_case.number}" in agents_card
    history = 'Power outage <span class="muted">\N{MULTIPLICATION SIGN}'  # "Contacted us before"
    for shown in (helsinki, "Sähkökatko Kalliossa", history):
        assert shown not in agents_card
        assert shown in supervisors_card


def test_the_new_case_page_lists_only_cases_the_agent_may_see(
    world: TwoTeams, agent: User, other_agent: User
) -> None:
    helsinki = f"#{world.helsinki_case.number}"

    def page(user: User) -> str:
        return _client(user).get("/desk/new/", {"customer": world.kari.pk}).content.decode()

    assert helsinki not in page(agent)
    assert f"#{world.oslo_case.number}" in page(agent)
    assert helsinki in page(other_agent)


@pytest.fixture
def helsinki_mail(team_helsinki: Team, world: TwoTeams) -> InboundMessage:
    mailbox = create_push_mailbox(
        name="Asiakaspalvelu", address="asiakaspalvelu@lytte.test", team=team_helsinki
    )[0]
    message = EmailMessage()
    message["From"] = "Väinö Mäkinen <vaino@example.fi>"
    message["To"] = "asiakaspalvelu@lytte.test"
    message["Subject"] = "Sopimus"
    message["Message-ID"] = make_msgid()
    message.set_content("Liitteenä sopimus, jossa henkilötunnukseni.")
    message.add_attachment(
        b"%PDF-1.4 sopimus", maintype="application", subtype="pdf", filename="sopimus.pdf"
    )
    stored = receive_message(mailbox=mailbox, raw=message.as_bytes()).message
    assert stored.case is not None
    assert stored.case.team == team_helsinki
    return stored


def test_another_teams_email_and_attachment_are_refused(
    helsinki_mail: InboundMessage, agent: User, other_agent: User, supervisor: User
) -> None:
    attachment = Attachment.objects.get(message=helsinki_mail)
    paths = [f"/desk/mail/messages/{helsinki_mail.pk}/", f"/desk/mail/attachments/{attachment.pk}/"]

    for path in paths:
        refused = _client(agent).get(path)
        assert refused.status_code == 403
        assert "henkilötunnukseni" not in refused.content.decode()
        for user in (other_agent, supervisor):
            assert _client(user).get(path).status_code == 200, (user, path)


def test_an_unfiled_email_is_for_supervisors_only(
    helsinki_mail: InboundMessage, other_agent: User, supervisor: User
) -> None:
    InboundMessage.objects.filter(pk=helsinki_mail.pk).update(case=None, contact=None)
    path = f"/desk/mail/messages/{helsinki_mail.pk}/"

    assert _client(other_agent).get(path).status_code == 403
    assert _client(supervisor).get(path).status_code == 200
