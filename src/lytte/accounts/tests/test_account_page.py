from __future__ import annotations

from django.test import Client

from lytte.accounts.models import ApiToken, User
from lytte.accounts.services import authenticate_api_token, create_api_token


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.post("/account/tokens/new/", {"name": "Sentralbord"})
    body = response.content.decode()
    token = ApiToken.objects.get(user=agent)
    plaintext = body.split('<code class="token">')[1].split("</code>")[0]

    assert response.status_code == 200
    assert plaintext.startswith("lyt_")
    assert plaintext not in token.digest
    assert authenticate_api_token(plaintext) == agent
    assert plaintext not in client.get("/account/").content.decode()


def test_a_token_needs_a_name(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.post("/account/tokens/new/", {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working(client: Client, agent: User) -> None:
    token, plaintext = create_api_token(user=agent, name="PBX")
    client.force_login(agent)
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert authenticate_api_token(plaintext) is None


def test_nobody_can_revoke_someone_elses_token(client: Client, agent: User, teammate: User) -> None:
    token, plaintext = create_api_token(user=teammate, name="Ola's")
    client.force_login(agent)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert authenticate_api_token(plaintext) == teammate


def test_a_deactivated_users_token_stops_working(agent: User) -> None:
    _token, plaintext = create_api_token(user=agent, name="PBX")
    agent.is_active = False
    agent.save()
    assert authenticate_api_token(plaintext) is None


def test_the_chosen_language_wins_over_the_browser(client: Client, agent: User) -> None:
    client.force_login(agent)
    client.post("/account/", {"language": "fi"})
    agent.refresh_from_db()
    response = client.get("/account/", HTTP_ACCEPT_LANGUAGE="en")
    assert agent.language == "fi"
    assert 'lang="fi"' in response.content.decode()


def test_an_unknown_language_is_a_form_error(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.post("/account/", {"language": "klingon"})
    assert response.status_code == 200
    agent.refresh_from_db()
    assert agent.language == ""


def test_staff_change_their_own_password_and_stay_signed_in(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.post(
        "/account/password/",
        {
            "old_password": "correct horse battery staple",
            "new_password1": "fjord lake midnight sun",
            "new_password2": "fjord lake midnight sun",
        },
    )
    agent.refresh_from_db()
    assert response.status_code == 302
    assert agent.check_password("fjord lake midnight sun")
    assert client.get("/account/").status_code == 200  # this session was kept


def test_a_wrong_old_password_is_a_form_error(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.post(
        "/account/password/",
        {"old_password": "nope", "new_password1": "fjord lake 2", "new_password2": "fjord lake 2"},
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    agent.refresh_from_db()
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert agent.check_password("correct horse battery staple")


def test_languages_are_offered_in_their_own_names(client: Client, agent: User) -> None:
    client.force_login(agent)
    page = client.get("/account/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for name in ("Norsk bokmål", "Dansk", "Svenska", "Suomi", "English"):
        assert f">{name}</option>" in page
