"""The insights pages share one navigation: every page links to the others and says which one
is open, and a link to a page the user may not open is not shown."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from lytte.accounts.models import User

PAGES = {
    "/insights/": "insights-nav-director",
    "/insights/live/": "insights-nav-live",
    "/insights/feedback/": "insights-nav-feedback",
    "/insights/sla/": "insights-nav-sla",
    "/insights/knowledge/": "insights-nav-gaps",
    "/insights/community/": "insights-nav-community",
    "/insights/reasons/": "insights-nav-reasons",
}


def _current(page: str) -> list[str]:
    nav = re.search(r'<nav class="insights-nav".*?</nav>', page, re.S)
    assert nav, "no insights navigation on the page"
    return re.findall(r'<a id="([\w-]+)"[^>]*aria-current="page"', nav.group(0))


@pytest.mark.parametrize(("path", "link"), PAGES.items())
def test_each_insights_page_marks_itself_in_the_navigation(
    supervisor: User, path: str, link: str
) -> None:
    client = Client()
    client.force_login(supervisor)
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert _current(page) == [link]
    assert all(f'id="{other}"' in page for other in PAGES.values())


def test_a_page_the_user_may_not_open_is_not_linked(agent: User) -> None:
    agent.user_permissions.add(Permission.objects.get(codename="view_dashboards"))
    client = Client()
    client.force_login(agent)
    page = client.get("/insights/feedback/").content.decode()
    assert _current(page) == ["insights-nav-feedback"]
    assert 'id="insights-nav-reasons"' not in page
    assert client.get("/insights/reasons/").status_code == 403
