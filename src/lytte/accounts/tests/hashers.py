"""A real password hasher that counts its hashes, for tests that must show a refused sign-in
costs none."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingHasher(MD5PasswordHasher):
    hashes: ClassVar[int] = 0

    def encode(self, password: str, salt: str) -> str:
        # verify() and an unknown name's dummy hash both come through here.
        CountingHasher.hashes += 1
        return super().encode(password, salt)
