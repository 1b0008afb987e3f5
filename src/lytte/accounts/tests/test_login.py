from __future__ import annotations

from django.test import Client

from lytte.accounts.models import User

PASSWORD = "correct horse battery staple"


def test_staff_log_in_at_login_and_land_on_their_account(client: Client, agent: User) -> None:
    page = client.get("/login/")
    assert page.status_code == 200
    response = client.post("/login/", {"username": "ingrid", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/account/"
    assert "Ingrid Bråten" in response.content.decode()


def test_a_wrong_password_is_a_form_error_not_a_crash(client: Client, agent: User) -> None:
    response = client.post("/login/", {"username": "ingrid", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_login_is_protected_against_csrf(agent: User) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "ingrid", "password": PASSWORD})
    assert response.status_code == 403


def test_pages_need_a_login(client: Client, db: None) -> None:
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_logout_is_a_post(client: Client, agent: User) -> None:
    client.force_login(agent)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/account/").status_code == 302


def test_the_login_page_speaks_norwegian_to_a_norwegian_browser(client: Client, db: None) -> None:
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9,en;q=0.5")
    assert 'lang="nb"' in response.content.decode()
    assert "Logg inn" in response.content.decode()
