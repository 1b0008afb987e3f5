"""Every change to staff accounts, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.events import TeamRemoved
from lytte.accounts.models import ApiToken, Team, User
from lytte.accounts.roles import Role
from lytte.audit.services import record
from lytte.platform.events import publish
from lytte.platform.names import required_name

TOKEN_PREFIX = "lyt_"  # noqa: S105 -- marks our tokens (for secret scanners), not a secret


def new_token(prefix: str) -> str:
    """A secret token: `prefix` (which says what it opens, for people and secret scanners) and
    256 random bits. Store only its `token_digest`."""
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """How a secret token is stored. Tokens carry 256 random bits, so a fast hash is enough:
    there is nothing to brute-force."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_api_token(
    *, user: User, name: str, created_by: User | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the stored row and the plaintext, which is never kept."""
    plaintext = new_token(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API", prefix=plaintext[:8], digest=token_digest(plaintext)
    )
    record(actor=created_by or user, action="api_token.created", target=user, name=token.name)
    return token, plaintext


@transaction.atomic
def revoke_api_token(*, token: ApiToken, revoked_by: User | None) -> None:
    record(actor=revoked_by, action="api_token.revoked", target=token.user, name=token.name)
    token.delete()


def authenticate_api_token(plaintext: str) -> User | None:
    """The active user a bearer token belongs to, or None. Notes its use (once a minute at most)."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(plaintext)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def set_role(*, user: User, role: Role | None, changed_by: User | None = None) -> None:
    """Give `user` exactly one role (or none). Only admins may use the Django admin site."""
    role_groups = Group.objects.filter(name__in=[r.value for r in Role])
    user.groups.remove(*role_groups)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    user.is_staff = role is Role.ADMIN
    user.save(update_fields=["is_staff"])
    record(actor=changed_by, action="user.role_changed", target=user, role=role or "")


@transaction.atomic
def create_staff_user(
    *,
    username: str,
    password: str,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    teams: list[Team] | None = None,
    created_by: User | None = None,
) -> User:
    user = User.objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    set_role(user=user, role=role, changed_by=created_by)
    if teams:
        user.teams.set(teams)
    record(actor=created_by, action="user.created", target=user, role=role)
    return user


def set_language(*, user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def set_start_page(*, user: User, start_page: str) -> None:
    user.start_page = start_page
    user.save(update_fields=["start_page"])


@transaction.atomic
def change_password(*, user: User, password: str) -> None:
    """A new password chosen by its owner (validated by the form); the audit trail notes it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=user, action="user.password_changed", target=user)


def clean_team_name(name: str, *, team: Team | None = None) -> str:
    """The name with spaces tidied; raises ValidationError when empty or another team's."""
    cleaned = required_name(name)
    taken = Team.objects.filter(name__iexact=cleaned)
    if team is not None:
        taken = taken.exclude(pk=team.pk)
    if taken.exists():
        raise ValidationError({"name": [_("A team called “%(name)s” exists.") % {"name": cleaned}]})
    return cleaned


@transaction.atomic
def create_team(*, name: str, members: Iterable[User] = (), created_by: User | None = None) -> Team:
    cleaned = clean_team_name(name)
    try:
        with transaction.atomic():
            team = Team.objects.create(name=cleaned)
    except IntegrityError:  # created by a concurrent request since clean_team_name() looked
        message = _("A team called “%(name)s” exists.") % {"name": cleaned}
        raise ValidationError({"name": [message]}) from None
    record(actor=created_by, action="team.created", target=team, name=team.name)
    if members:
        update_team(team=team, members=members, changed_by=created_by)
    return team


@transaction.atomic
def remove_team(*, team: Team, removed_by: User | None) -> None:
    """Delete a team. Its cases and queues move to no team; the event comes first, so the
    reports count its cases again under no team instead of losing them."""
    publish(TeamRemoved(team_id=team.pk, name=team.name))
    record(actor=removed_by, action="team.removed", target=team, name=team.name)
    team.delete()


@transaction.atomic
def update_team(
    *,
    team: Team,
    changed_by: User | None,
    name: str | None = None,
    members: Iterable[User] | None = None,
) -> Team:
    """Rename a team and/or set exactly who is in it (None leaves a field as it is)."""
    if name is not None:
        cleaned = clean_team_name(name, team=team)
        if cleaned != team.name:
            record(
                actor=changed_by,
                action="team.renamed",
                target=team,
                before=team.name,
                after=cleaned,
            )
            team.name = cleaned
            team.save(update_fields=["name"])
    if members is not None:
        wanted = list(members)
        inactive = [user for user in wanted if not user.is_active]
        if inactive:
            raise ValidationError(
                {
                    "members": [
                        _("%(name)s is no longer active.") % {"name": user.get_full_name() or user}
                        for user in inactive
                    ]
                }
            )
        before = set(team.members.values_list("pk", flat=True))
        after = {user.pk for user in wanted}
        if before != after:
            team.members.set(wanted)
            record(
                actor=changed_by,
                action="team.members_changed",
                target=team,
                added=sorted(after - before),
                removed=sorted(before - after),
            )
    return team
