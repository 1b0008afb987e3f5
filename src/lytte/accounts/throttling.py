"""Sign-in throttling (decision 0022): failed sign-ins are counted per account name and per
client address, in the database so that every server process sees them; past a few failures a
name or an address must wait, twice as long after each further failure, never longer than
SIGN_IN_LONGEST_WAIT. A refused attempt is answered before any password is hashed, and it does
not count: an attacker can keep a name waiting, but never for longer than the cap, and a browser
its owner signed in with before (a known-device cookie) has counts of its own.

Password checks are also bounded per process (`password_check_slot`): each hash takes a core
for a good part of a second, and a flood from many addresses would otherwise take them all.
"""

from __future__ import annotations

import math
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from lytte.accounts.models import SignInThrottle
from lytte.audit.services import record

DEVICE_COOKIE = "lytte_device"
_DEVICE_SALT = "lytte.accounts.known-device"
# Counts left alone this long start again from nothing.
FORGET_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class SignInKeys:
    """What one attempt is refused by and counted against (`checked`), and what a successful
    sign-in starts again from nothing (`reset`)."""

    checked: tuple[str, ...]
    reset: tuple[str, ...]

    @property
    def known_device(self) -> bool:
        return self.checked[0].startswith("device:")


class Busy(Exception):
    """Every password-check slot of this process stayed taken for SIGN_IN_QUEUE_SECONDS."""


def client_address(request: HttpRequest) -> str:
    """The client's IP: from the trusted proxy's header when settings name one (its last
    value, the one that proxy appended), else the connection's."""
    if header := settings.SIGN_IN_PROXY_HEADER:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return str(last[:100])
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:100]


def _account_key(username: str) -> str:
    return "account:" + username.strip().casefold()[:150]


def _known_device(request: HttpRequest, username: str) -> str | None:
    try:
        device = signing.loads(request.COOKIES.get(DEVICE_COOKIE, ""), salt=_DEVICE_SALT)
    except signing.BadSignature:
        return None
    if isinstance(device, dict) and device.get("account") == _account_key(username):
        return str(device.get("id", ""))[:40] or None
    return None


def keys_for(request: HttpRequest, username: str) -> SignInKeys:
    """A browser its owner signed in with before is counted apart from the name and address,
    so an attack on either does not keep the owner out."""
    account = _account_key(username)
    if device := _known_device(request, username):
        # Its success does not reset the name's count: its owner signing in here and there
        # would otherwise give an attacker elsewhere new guesses each time.
        return SignInKeys(checked=(f"device:{device}",), reset=(f"device:{device}",))
    return SignInKeys(checked=(account, f"address:{client_address(request)}"), reset=(account,))


def code_keys(user_pk: int) -> SignInKeys:
    """The second step of a sign-in: codes are counted per account, like passwords."""
    return SignInKeys(checked=(f"code:{user_pk}",), reset=(f"code:{user_pk}",))


def _limits(key: str) -> int:
    if key.startswith("address:"):
        return int(settings.SIGN_IN_ADDRESS_FAILURES)
    return int(settings.SIGN_IN_ACCOUNT_FAILURES)


def wait_after(failures: int, free: int) -> timedelta:
    """How long a key with `failures` waits: none before `free`, then doubling to the cap."""
    if failures < free:
        return timedelta(0)
    first, longest = settings.SIGN_IN_FIRST_WAIT, settings.SIGN_IN_LONGEST_WAIT
    return timedelta(seconds=min(first * 2 ** min(failures - free, 20), longest))


def retry_after(keys: SignInKeys) -> int | None:
    """Seconds until this attempt may be made, or None when it may be made now. One query."""
    now = timezone.now()
    until: datetime | None = (
        SignInThrottle.objects.filter(key__in=keys.checked, blocked_until__gt=now)
        .order_by("-blocked_until")
        .values_list("blocked_until", flat=True)
        .first()
    )
    if until is None:
        return None
    return max(1, math.ceil((until - now).total_seconds()))


def record_failure(keys: SignInKeys) -> None:
    """Count a wrong password against each key; a key that must now wait is audited."""
    now = timezone.now()
    for key in keys.checked:
        with transaction.atomic():
            throttle, _created = SignInThrottle.objects.select_for_update().get_or_create(
                key=key, defaults={"last_failure_at": now}
            )
            if now - throttle.last_failure_at > FORGET_AFTER:
                throttle.failures = 0
            throttle.failures += 1
            throttle.last_failure_at = now
            wait = wait_after(throttle.failures, _limits(key))
            throttle.blocked_until = now + wait if wait else None
            throttle.save()
            if wait:
                record(
                    actor=None,
                    action="sign_in.blocked",
                    target=throttle,
                    key=key,
                    failures=throttle.failures,
                    until=throttle.blocked_until,
                )


def record_success(keys: SignInKeys) -> None:
    """The right password: the name's count (from a known device: the device's) starts again;
    the address's does not, or one account of their own would let an attacker go on guessing
    others."""
    SignInThrottle.objects.filter(key__in=keys.reset).delete()


def remember_device(response: HttpResponseBase, username: str) -> None:
    """After a successful sign-in: this browser gets counts of its own next time."""
    value = signing.dumps(
        {"account": _account_key(username), "id": secrets.token_urlsafe(16)}, salt=_DEVICE_SALT
    )
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=int(timedelta(days=365).total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


_slots: dict[tuple[bool, int], threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def _password_slots(known_device: bool) -> threading.BoundedSemaphore:
    """This process's semaphore for the configured number of slots (made on first use); known
    devices have their own, so a flood from unknown browsers never keeps staff out."""
    size = max(1, int(settings.SIGN_IN_CONCURRENT_CHECKS))
    with _slots_lock:
        return _slots.setdefault((known_device, size), threading.BoundedSemaphore(size))


@contextmanager
def password_check_slot(*, known_device: bool = False) -> Iterator[None]:
    """Hold one of this process's few password-check slots while hashing; raise Busy when none
    frees up in time, so a flood queues briefly and is then refused instead of starving every
    other request of the CPU."""
    slots = _password_slots(known_device)
    if not slots.acquire(timeout=float(settings.SIGN_IN_QUEUE_SECONDS)):
        raise Busy
    try:
        yield
    finally:
        slots.release()
