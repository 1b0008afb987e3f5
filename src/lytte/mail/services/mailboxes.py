"""Setting up mailboxes: where mail comes from, and the tokens of pushed mail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lytte.accounts.models import Team
from lytte.accounts.services import new_token, token_digest
from lytte.audit.services import record
from lytte.customers.addresses import InvalidAddress, normalise_email
from lytte.mail.credentials import seal
from lytte.mail.models import Mailbox, Security
from lytte.platform.names import required_name

TOKEN_PREFIX = "mail_"  # noqa: S105 -- a prefix, not a secret


def _address(address: str) -> str:
    try:
        return normalise_email(address)
    except InvalidAddress as error:
        raise ValidationError({"address": [error.message]}) from error


@transaction.atomic
def create_mailbox(
    *,
    name: str,
    address: str,
    team: Team | None = None,
    imap_host: str = "",
    imap_port: int = 993,
    imap_security: str = Security.SSL,
    imap_user: str = "",
    imap_password: str = "",
    imap_password_env: str = "",
    folder: str = "INBOX",
    processed_folder: str = "",
    send_acknowledgement: bool = False,
    created_by: Any = None,
) -> Mailbox:
    """A mailbox the worker fetches over IMAP (or, without `imap_host`, one that is pushed to)."""
    mailbox = Mailbox.objects.create(
        name=required_name(name),
        address=_address(address),
        team=team,
        imap_host=imap_host.strip(),
        imap_port=imap_port,
        imap_security=imap_security,
        imap_user=imap_user.strip(),
        imap_password=seal(imap_password),
        imap_password_env=imap_password_env.strip(),
        folder=folder.strip() or "INBOX",
        processed_folder=processed_folder.strip(),
        send_acknowledgement=send_acknowledgement,
    )
    record(actor=created_by, action="mailbox.created", target=mailbox, address=mailbox.address)
    forget_our_addresses()
    return mailbox


def set_imap_password(*, mailbox: Mailbox, password: str, changed_by: Any = None) -> None:
    """Store a new password, sealed; fetching starts over its error state."""
    mailbox.imap_password = seal(password)
    mailbox.last_error = ""
    mailbox.save(update_fields=["imap_password", "last_error"])
    record(actor=changed_by, action="mailbox.password_changed", target=mailbox)


def give_new_token(mailbox: Mailbox, *, changed_by: Any = None) -> str:
    """A new token for the push URL; the old one stops working. The token is shown once."""
    token = new_token(TOKEN_PREFIX)
    mailbox.token_prefix, mailbox.token_digest = token[:12], token_digest(token)
    if mailbox.pk:
        mailbox.save(update_fields=["token_prefix", "token_digest"])
        record(actor=changed_by, action="mailbox.token_changed", target=mailbox)
    return token


@transaction.atomic
def create_push_mailbox(
    *, name: str, address: str, team: Team | None = None, created_by: Any = None
) -> tuple[Mailbox, str]:
    """A mailbox a mail provider pushes raw messages to; returns it with its token."""
    mailbox = create_mailbox(name=name, address=address, team=team, created_by=created_by)
    return mailbox, give_new_token(mailbox, changed_by=created_by)


def mailbox_for_token(token: str) -> Mailbox | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    return Mailbox.objects.filter(token_digest=token_digest(token), active=True).first()


def take_lease(*, mailbox_id: int, owner: str, seconds: int = 120) -> bool:
    """Claim (or keep) the right to fetch a mailbox for `seconds`: of several workers, one
    fetches each mailbox; a worker that dies gives it up when its lease runs out."""
    now = timezone.now()
    return bool(
        Mailbox.objects.filter(
            Q(lease_owner=owner) | Q(lease_until__isnull=True) | Q(lease_until__lt=now),
            pk=mailbox_id,
            active=True,
        ).update(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
    )


def release_lease(*, mailbox_id: int, owner: str) -> None:
    Mailbox.objects.filter(pk=mailbox_id, lease_owner=owner).update(
        lease_owner="", lease_until=None
    )


def note_fetch(*, mailbox_id: int, error: str = "", **position: int | None) -> None:
    """Where fetching stands (uidvalidity, last_uid) and how the last attempt went."""
    Mailbox.objects.filter(pk=mailbox_id).update(
        last_fetch_at=timezone.now(), last_error=error[:2000], **position
    )


ADDRESSES_KEY = "mail:addresses"


def our_addresses() -> frozenset[str]:
    """Every mailbox's address. Read for every message and changed a few times a year, so it is
    cached briefly (in Redis when scaled out)."""
    addresses = cache.get(ADDRESSES_KEY)
    if addresses is None:
        addresses = frozenset(Mailbox.objects.values_list("address", flat=True))
        cache.set(ADDRESSES_KEY, addresses, 60)
    return cast(frozenset[str], addresses)


def forget_our_addresses() -> None:
    cache.delete(ADDRESSES_KEY)
