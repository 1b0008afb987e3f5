from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from lytte.accounts.models import User
from lytte.accounts.services import authenticate_api_token, create_api_token


def test_token_create_prints_a_working_token_once(agent: User) -> None:
    out, err = StringIO(), StringIO()
    call_command("token", "create", "ingrid", "--name", "Telefoni", stdout=out, stderr=err)
    plaintext = out.getvalue().strip()
    assert authenticate_api_token(plaintext) == agent
    assert "shown only now" in err.getvalue()

    listing = StringIO()
    call_command("token", "list", "ingrid", stdout=listing)
    assert "Telefoni" in listing.getvalue()
    assert plaintext not in listing.getvalue()


def test_token_for_an_unknown_user_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="no user called 'nobody'"):
        call_command("token", "create", "nobody")


def test_token_revoke_unknown_id_is_a_clear_error(db: None) -> None:
    with pytest.raises(CommandError, match="no token with id 999"):
        call_command("token", "revoke", "999")


def test_token_revoke_names_the_token_it_revoked(agent: User) -> None:
    token, plaintext = create_api_token(user=agent, name="Telefoni")
    out = StringIO()
    call_command("token", "revoke", str(token.pk), stdout=out)
    assert out.getvalue().strip() == f"Token {token.pk} (Telefoni) of ingrid revoked."
    assert authenticate_api_token(plaintext) is None
