from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lytte.accounts import services
from lytte.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Manage personal API tokens: create USERNAME, list USERNAME, revoke ID."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a token and print it, once.")
        create.add_argument("username")
        create.add_argument("--name", default="CLI", help="What the token is for.")
        listing = actions.add_parser("list", help="List a user's tokens.")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id.")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            user = self._user(options["username"])
            token, plaintext = services.create_api_token(user=user, name=options["name"])
            self.stdout.write(plaintext)
            self.stderr.write(
                f"Token {token.pk} ({token.name}) for {user.username}. It is shown only now: "
                "store it safely. Send it as 'Authorization: Bearer <token>'."
            )
        elif action == "list":
            user = self._user(options["username"])
            for token in user.api_tokens.all():
                used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.name}\tlast used {used}")
        else:
            found = ApiToken.objects.select_related("user").filter(pk=options["id"]).first()
            if found is None:
                raise CommandError(f"There is no token with id {options['id']}.")
            number = found.pk  # deleting the row clears its primary key
            services.revoke_api_token(token=found, revoked_by=None)
            self.stdout.write(f"Token {number} ({found.name}) of {found.user.username} revoked.")

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username!r}.")
        if not user.is_active:
            raise CommandError(f"{username!r} is deactivated; tokens would not work.")
        return user
