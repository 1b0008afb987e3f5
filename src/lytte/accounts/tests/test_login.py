from __future__ import annotations

from django.test import Client

from lytte.accounts.models import User

PASSWORD = "correct horse battery staple"


def _land(client: Client, username: str) -> str:
    response = client.post("/login/", {"username": username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    return str(response.redirect_chain[-1][0])


def test_an_agent_logs_in_and_lands_on_their_desk(client: Client, agent: User) -> None:
    assert client.get("/login/").status_code == 200
    assert _land(client, "ingrid") == "/desk/"


def test_a_supervisor_lands_on_the_team_queue(client: Client, supervisor: User) -> None:
    assert _land(client, "sigrid") == "/desk/?queue=team"


def test_a_supervisor_who_chose_insights_lands_there(client: Client, supervisor: User) -> None:
    client.force_login(supervisor)
    client.post("/account/start-page/", {"start_page": "insights"})
    client.post("/logout/")
    assert _land(client, "sigrid") == "/insights/"


def test_an_agent_cannot_choose_insights_as_start_page(client: Client, agent: User) -> None:
    client.force_login(agent)
    assert "start_page" not in client.get("/account/").content.decode()
    assert client.post("/account/start-page/", {"start_page": "insights"}).status_code == 403
    agent.refresh_from_db()
    assert agent.start_page == ""


def test_someone_without_a_role_lands_on_their_account(client: Client, db: None) -> None:
    User.objects.create_user(username="gjest", password=PASSWORD)
    assert _land(client, "gjest") == "/account/"


def test_a_login_with_a_next_page_goes_there(client: Client, agent: User) -> None:
    response = client.post(
        "/login/?next=/desk/calls/",
        {"username": "ingrid", "password": PASSWORD, "next": "/desk/calls/"},
    )
    assert response["Location"] == "/desk/calls/"


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
