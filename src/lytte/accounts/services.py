"""Every change to staff accounts, roles and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from lytte.accounts.models import ApiToken, Team, User
from lytte.accounts.roles import Role
from lytte.audit.services import record

TOKEN_PREFIX = "lyt_"


def _digest(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_api_token(*, user: User, name: str, created_by: User | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns the stored row and the plaintext, which is never kept."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API", prefix=plaintext[:8], digest=_digest(plaintext)
    )
    record(actor=created_by or user, action="api_token.created", target=user, name=token.name)
    return token, plaintext


@transaction.atomic
def revoke_api_token(*, token: ApiToken, revoked_by: User) -> None:
    record(actor=revoked_by, action="api_token.revoked", target=token.user, name=token.name)
    token.delete()


def authenticate_api_token(plaintext: str) -> User | None:
    """The active user a bearer token belongs to, or None. Marks the token used (at most per minute)."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(plaintext)).first()
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


@transaction.atomic
def create_team(*, name: str, created_by: User | None = None) -> Team:
    team = Team.objects.create(name=name.strip())
    record(actor=created_by, action="team.created", target=team, name=team.name)
    return team
