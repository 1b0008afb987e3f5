"""Mailbox passwords: from an environment variable, or sealed in the database.

The database copy is encrypted (Fernet) with a key derived from the secret key, so a copy of
the database alone does not give away mail accounts. Changing LYTTE_SECRET_KEY makes sealed
passwords unreadable: enter them again, or use environment variables.
"""

from __future__ import annotations

import os

from cryptography.fernet import Fernet, InvalidToken
from django.utils.translation import gettext as _

from lytte.platform.sealing import sealer


class MissingPassword(Exception):
    """The mailbox's password cannot be had; the message says why, for its last_error."""


def _fernet() -> Fernet:
    return sealer("lytte.mail.credentials")


def seal(password: str) -> str:
    return _fernet().encrypt(password.encode("utf-8")).decode("ascii") if password else ""


def unseal(sealed: str, *, env: str = "") -> str:
    """The password: the environment variable `env` when named, else the sealed one."""
    if env:
        if (value := os.environ.get(env)) is None:
            raise MissingPassword(
                _("The environment variable %(name)s is not set.") % {"name": env}
            )
        return value
    if not sealed:
        raise MissingPassword(_("No password is set."))
    try:
        return _fernet().decrypt(sealed.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise MissingPassword(
            _("The stored password cannot be read (was the secret key changed?). Enter it again.")
        ) from error
