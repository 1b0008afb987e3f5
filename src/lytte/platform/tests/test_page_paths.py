"""Every page path ends in "/", and the paths pages had before still lead to them."""

from __future__ import annotations

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lytte.accounts.models import User

# Machines are configured with these: PBXs, mail providers, load balancers, API clients, the
# chat widget and apps (docs/chat-protocol.md); and files end in their name (knowledge
# articles' images: /help/files/<id>/<name>; community posts' images:
# /help/community/images/<id>/<name>; the widget's script, /chat/widget.js).
KEPT_AS_THEY_ARE = (
    "api/v1/",
    "admin/",
    "i18n/",
    "healthz",
    "help/files/",
    "help/community/images/",
    "chat/api/",
    "chat/widget.js",
)


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern.url_patterns, route)
        else:
            routes.append(route)
    return routes


def test_every_page_path_ends_in_a_slash() -> None:
    pages = [r for r in _routes(get_resolver().url_patterns) if not r.startswith(KEPT_AS_THEY_ARE)]
    assert pages
    assert [route for route in pages if route and not route.endswith("/")] == []


def test_the_login_page_is_at_login_with_a_slash(client: Client, db: None) -> None:
    assert client.get("/login/").status_code == 200


def test_an_old_page_path_redirects_permanently_with_its_query(client: Client, db: None) -> None:
    login = client.get("/login")
    new_case = client.get("/desk/new?address=%2B4791234567")
    assert (login.status_code, login["Location"]) == (301, "/login/")
    assert (new_case.status_code, new_case["Location"]) == (301, "/desk/new/?address=%2B4791234567")


def test_a_form_posted_to_an_old_path_is_sent_on_as_a_post(client: Client, agent: User) -> None:
    client.force_login(agent)
    response = client.post("/account/tokens/new", {"name": "PBX"})
    assert response.status_code == 308  # the browser repeats the POST, body and all
    assert response["Location"] == "/account/tokens/new/"


def test_webhook_and_api_paths_are_not_moved(client: Client, db: None) -> None:
    assert client.post("/api/v1/cti/cti_nonsense", {}).status_code not in (301, 308)
    assert client.get("/api/v1/calls").status_code == 401
    assert client.get("/healthz").status_code == 200


def test_a_path_that_never_existed_is_still_a_404(client: Client, db: None) -> None:
    assert client.get("/desk/nowhere").status_code == 404
