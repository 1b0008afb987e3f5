"""One customer with a case in each of two teams and one of no team, for the tests of who sees
what (decision 19): Kari wrote to Oslo and, about something else, to Helsinki."""

from __future__ import annotations

from dataclasses import dataclass

from lytte.accounts.models import Team
from lytte.cases import services
from lytte.cases.models import Case, Channel, Contact, Direction
from lytte.customers.models import Customer
from lytte.customers.services import create_customer

HELSINKI_SECRET = "Salainen viesti: asiakasnumero 4471 ja äidin tyttönimi Mäkelä"


@dataclass(frozen=True)
class TwoTeams:
    kari: Customer
    oslo_case: Case
    oslo_email: Contact
    helsinki_case: Case
    helsinki_email: Contact
    teamless_case: Case


def _email(case: Case, body: str) -> Contact:
    return services.log_contact(
        case=case,
        channel=Channel.EMAIL,
        direction=Direction.INBOUND,
        logged_by=None,
        body=body,
        address="kari@example.no",
    ).contact


def kari_in_two_teams(team_oslo: Team, team_helsinki: Team) -> TwoTeams:
    kari = create_customer(
        name="Kari Nordmann", phones=["+47 912 34 567"], emails=["kari@example.no"]
    )

    def case(team: Team | None, subject: str) -> Case:
        return services.open_case(
            channel=Channel.EMAIL, opened_by=None, customer=kari, team=team, subject=subject
        )

    oslo_case = case(team_oslo, "Faktura for høy i Ålesund")
    helsinki_case = case(team_helsinki, "Sähkökatko Kalliossa")
    return TwoTeams(
        kari=kari,
        oslo_case=oslo_case,
        oslo_email=_email(oslo_case, "Fakturaen min er for høy, kan dere se på den?"),
        helsinki_case=helsinki_case,
        helsinki_email=_email(helsinki_case, HELSINKI_SECRET),
        teamless_case=case(None, "Flytting til Tromsø"),
    )
