"""Shared test personas (see STYLE.md): two agents of one team, an agent of another team,
a supervisor and an admin, all real users with real role groups on the real database."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from lytte.accounts.models import Team, User
from lytte.accounts.roles import Role
from lytte.accounts.services import create_staff_user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Real hashing costs ~0.1 s per user; the tests are about roles, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_language_left_behind() -> Iterator[None]:
    yield
    # The test client's last request leaves its language active in this thread (LocaleMiddleware
    # never deactivates); the next test would read Finnish where it expects English.
    translation.deactivate()


def _staff(username: str, role: Role, teams: list[Team], name: str) -> User:
    first, last = name.split(" ", 1)
    return create_staff_user(
        username=username,
        password="correct horse battery staple",
        role=role,
        first_name=first,
        last_name=last,
        teams=teams,
    )


@pytest.fixture
def team_oslo(db: None) -> Team:
    return Team.objects.create(name="Kundeservice Oslo")


@pytest.fixture
def team_helsinki(db: None) -> Team:
    return Team.objects.create(name="Asiakaspalvelu Helsinki")


@pytest.fixture
def agent(team_oslo: Team) -> User:
    return _staff("ingrid", Role.AGENT, [team_oslo], "Ingrid Bråten")


@pytest.fixture
def teammate(team_oslo: Team) -> User:
    return _staff("ola", Role.AGENT, [team_oslo], "Ola Nordmann")


@pytest.fixture
def other_agent(team_helsinki: Team) -> User:
    return _staff("aino", Role.AGENT, [team_helsinki], "Aino Mäkinen")


@pytest.fixture
def supervisor(team_oslo: Team) -> User:
    return _staff("sigrid", Role.SUPERVISOR, [team_oslo], "Sigrid Åsheim")


@pytest.fixture
def admin_user(db: None) -> User:
    return _staff("astrid", Role.ADMIN, [], "Astrid Lindqvist")
