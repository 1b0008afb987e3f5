"""Optional TOTP two-factor sign-in for staff (decision 0022): enrol by scanning a QR code
(drawn here as SVG: no third-party request) or typing the secret, confirm with a code, get ten
one-time recovery codes shown once; sign-in then asks for a code after the password. Required
for administrators when LYTTE_REQUIRE_ADMIN_2FA is true. API tokens are not affected."""

from __future__ import annotations

import hashlib
import secrets
import time

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lytte.accounts.models import RecoveryCode, TwoFactor, User
from lytte.accounts.roles import Role, role_of
from lytte.audit.services import record
from lytte.platform.sealing import sealer

_PURPOSE = "lytte.accounts.two_factor"
RECOVERY_CODES = 10


def _secret(two_factor: TwoFactor) -> str:
    return sealer(_PURPOSE).decrypt(two_factor.sealed_secret.encode()).decode()


def _digest(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def is_on(user: User) -> bool:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def is_required(user: User) -> bool:
    """Administrators must switch it on first, when the setting says so."""
    if not settings.REQUIRE_ADMIN_2FA:
        return False
    return (user.is_superuser or role_of(user) == Role.ADMIN) and not is_on(user)


def begin_enrolment(*, user: User) -> TwoFactor:
    """The secret being set up (a new one, or the one shown before and not yet confirmed)."""
    two_factor, _created = TwoFactor.objects.get_or_create(
        user=user,
        defaults={
            "sealed_secret": sealer(_PURPOSE).encrypt(pyotp.random_base32().encode()).decode()
        },
    )
    return two_factor


def secret_of(two_factor: TwoFactor) -> str:
    """The secret, for someone to type into their app, in groups of four."""
    secret = _secret(two_factor)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(two_factor: TwoFactor) -> str:
    """The otpauth:// URI as an SVG QR code, to put straight into the page."""
    uri = pyotp.TOTP(_secret(two_factor)).provisioning_uri(
        name=two_factor.user.get_username(), issuer_name="Lytte"
    )
    return str(segno.make(uri, error="m").svg_inline(scale=5, dark="#1a1a1a", light="#ffffff"))


def _totp_step(two_factor: TwoFactor, code: str) -> int | None:
    """The time step of a right code not used before (this one, or one either side)."""
    totp, code = pyotp.TOTP(_secret(two_factor)), code.replace(" ", "")
    now = int(time.time()) // totp.interval
    for step in (now, now - 1, now + 1):
        if step > two_factor.last_step and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic
def confirm_enrolment(*, user: User, code: str) -> list[str] | None:
    """Switch it on if `code` is right; the recovery codes (to show once), or None."""
    two_factor = TwoFactor.objects.select_for_update().filter(user=user).first()
    if two_factor is None or (step := _totp_step(two_factor, code)) is None:
        return None
    two_factor.confirmed_at, two_factor.last_step = timezone.now(), step
    two_factor.save(update_fields=["confirmed_at", "last_step"])
    user.recovery_codes.all().delete()
    codes = [secrets.token_hex(5) for _n in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, digest=_digest(c)) for c in codes)
    record(actor=user, action="two_factor.switched_on", target=user)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


@transaction.atomic
def verify(*, user: User, code: str) -> bool:
    """A right code from the app (each once) or an unused recovery code (spent here)."""
    two_factor = TwoFactor.objects.select_for_update().filter(user=user).first()
    if two_factor is None or two_factor.confirmed_at is None:
        return False
    if (step := _totp_step(two_factor, code)) is not None:
        two_factor.last_step = step
        two_factor.save(update_fields=["last_step"])
        return True
    spent = user.recovery_codes.filter(digest=_digest(code), used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if spent:
        record(actor=user, action="two_factor.recovery_code_used", target=user)
    return bool(spent)


@transaction.atomic
def switch_off(*, user: User, code: str) -> bool:
    """Switch it off, with a code as proof that it is its owner asking."""
    if not verify(user=user, code=code):
        return False
    TwoFactor.objects.filter(user=user).delete()
    user.recovery_codes.all().delete()
    record(actor=user, action="two_factor.switched_off", target=user)
    return True


@transaction.atomic
def remove(*, user: User, removed_by: User | None) -> None:
    """An administrator takes it away from someone who lost their phone and recovery codes."""
    TwoFactor.objects.filter(user=user).delete()
    user.recovery_codes.all().delete()
    record(actor=removed_by, action="two_factor.removed", target=user)
