"""Secrets kept in the database encrypted (Fernet) with a key derived from the secret key and
a purpose, so a copy of the database alone gives none of them away. Changing
LYTTE_SECRET_KEY makes what was sealed unreadable."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet
from django.conf import settings


def sealer(purpose: str) -> Fernet:
    digest = hashlib.sha256(purpose.encode() + b"\0" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))
