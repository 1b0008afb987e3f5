"""The address the outside world reaches Lytte at, for the URLs commands print (PBX webhooks,
push mailboxes): `--base-url`, else LYTTE_BASE_URL; never a guess such as :8000."""

from __future__ import annotations

from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def add_base_url_option(parser: ArgumentParser, who: str) -> None:
    parser.add_argument(
        "--base-url",
        default="",
        help=f"Where {who} reach Lytte, e.g. https://lytte.example.no (default: LYTTE_BASE_URL).",
    )


def base_url(given: str) -> str:
    """The base URL to print, checked before anything is created (a token is shown once)."""
    url = (given or settings.BASE_URL).strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise CommandError(
            _(
                "Say where Lytte is reached from outside: --base-url https://lytte.example.no, "
                "or set LYTTE_BASE_URL."
            )
        )
    return url
