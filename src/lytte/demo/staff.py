"""The demo's teams and staff, and the file that remembers the demo logins' passwords.

Passwords are stored hashed, so the plaintext of the three demo logins is written once, when
they are created, to DATA_DIR/demo-logins.txt (readable by its owner only) and printed from
there on every later run.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from lytte.accounts.models import Team, User
from lytte.accounts.roles import Role
from lytte.accounts.services import create_staff_user, create_team

LOGINS_FILE = "demo-logins.txt"

# key -> team name; cases are routed to teams by these keys (see cases.py)
TEAMS: dict[str, str] = {
    "service": "Kundeservice",
    "billing": "Faktura",
    "technical": "Teknisk support",
    "business": "Bedriftskunder",
    "denmark": "Kundeservice Danmark",
    "sweden": "Kundtjänst Sverige",
    "finland": "Asiakaspalvelu Suomi",
}


@dataclass(frozen=True)
class StaffMember:
    username: str
    role: Role
    first_name: str
    last_name: str
    teams: tuple[str, ...]


DEMO_LOGINS = (
    StaffMember("admin", Role.ADMIN, "Hanne", "Solberg", ("service",)),
    StaffMember(
        "supervisor",
        Role.SUPERVISOR,
        "Jonas",
        "Strand",
        ("service", "billing", "technical", "business"),
    ),
    StaffMember("agent", Role.AGENT, "Ingrid", "Bakke", ("service", "billing")),
)
MORE_AGENTS = (
    StaffMember("ola.haugen", Role.AGENT, "Ola", "Haugen", ("service",)),
    StaffMember("silje.berg", Role.AGENT, "Silje", "Berg", ("billing",)),
    StaffMember("tor.eriksen", Role.AGENT, "Tor", "Eriksen", ("technical",)),
    StaffMember("henrik.dahl", Role.AGENT, "Henrik", "Dahl", ("business", "technical")),
    StaffMember("mette.kjaer", Role.AGENT, "Mette", "Kjær", ("denmark",)),
    StaffMember("rasmus.holm", Role.AGENT, "Rasmus", "Holm", ("denmark", "business")),
    StaffMember("johan.lindberg", Role.AGENT, "Johan", "Lindberg", ("sweden",)),
    StaffMember("elin.sjoberg", Role.AGENT, "Elin", "Sjöberg", ("sweden", "billing")),
    StaffMember("aino.virtanen", Role.AGENT, "Aino", "Virtanen", ("finland",)),
    StaffMember("mikko.korhonen", Role.AGENT, "Mikko", "Korhonen", ("finland", "technical")),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    password: str | None  # None when the password was not set by the demo (or its file is gone)


@dataclass(frozen=True)
class Staffing:
    """Who works the demo cases: each team and the people (agents, supervisor) who take them."""

    teams: dict[str, Team]
    handlers: dict[str, list[User]]


def logins_path() -> Path:
    return Path(settings.DATA_DIR) / LOGINS_FILE


def _read_passwords() -> dict[str, str]:
    try:
        lines = logins_path().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    passwords: dict[str, str] = {}
    for line in lines:
        parts = line.split("\t")
        if len(parts) == 3 and not line.startswith("#"):
            passwords[parts[0]] = parts[2]
    return passwords


def _write_passwords(passwords: dict[str, str]) -> None:
    roles = {member.username: member.role for member in DEMO_LOGINS}
    lines = ["# Lytte demo logins: username, role, password (tab-separated)."]
    lines += [
        f"{name}\t{roles[name].value}\t{passwords[name]}" for name in roles if name in passwords
    ]
    path = logins_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also when the file was already there with a wider mode
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


def demo_logins() -> list[DemoLogin]:
    """The demo logins that exist, with the passwords the demo gave them."""
    passwords = _read_passwords()
    existing = set(
        User.objects.filter(username__in=[m.username for m in DEMO_LOGINS]).values_list(
            "username", flat=True
        )
    )
    return [
        DemoLogin(member.username, member.role, passwords.get(member.username))
        for member in DEMO_LOGINS
        if member.username in existing
    ]


def _ensure_teams() -> dict[str, Team]:
    existing = {team.name: team for team in Team.objects.filter(name__in=TEAMS.values())}
    return {key: existing.get(name) or create_team(name=name) for key, name in TEAMS.items()}


def _ensure_member(member: StaffMember, teams: dict[str, Team], password: str) -> bool:
    """Create the user unless someone by that name exists; True when created."""
    if User.objects.filter(username=member.username).exists():
        return False
    create_staff_user(
        username=member.username,
        password=password,
        role=member.role,
        first_name=member.first_name,
        last_name=member.last_name,
        email=f"{member.username}@example.com",
        teams=[teams[key] for key in member.teams],
    )
    return True


def _handlers(teams: dict[str, Team]) -> dict[str, list[User]]:
    """Each team's agents, in a stable order (so a seed gives the same data). Supervisors take
    cases only in a team without agents."""
    workers = list(
        User.objects.filter(is_active=True, groups__name__in=[Role.AGENT, Role.SUPERVISOR])
        .prefetch_related("teams", "groups")
        .order_by("username")
        .distinct()
    )
    team_keys = {team.pk: key for key, team in teams.items()}
    agents: dict[str, list[User]] = {key: [] for key in teams}
    supervisors: dict[str, list[User]] = {key: [] for key in teams}
    for user in workers:
        is_agent = any(group.name == Role.AGENT for group in user.groups.all())
        for team in user.teams.all():
            if team.pk in team_keys:
                (agents if is_agent else supervisors)[team_keys[team.pk]].append(user)
    return {key: agents[key] or supervisors[key] or workers for key in teams}


def ensure_staff() -> Staffing:
    """Create the demo teams, the three demo logins and a few more agents, where missing."""
    teams = _ensure_teams()
    passwords = _read_passwords()
    created = False
    for member in DEMO_LOGINS:
        password = secrets.token_urlsafe(12)
        if _ensure_member(member, teams, password):
            passwords[member.username] = password
            created = True
    if created:
        _write_passwords(passwords)
    for member in MORE_AGENTS:
        # Nobody logs in as these; they make the cases look worked by a whole team.
        _ensure_member(member, teams, secrets.token_urlsafe(16))
    return Staffing(teams=teams, handlers=_handlers(teams))
