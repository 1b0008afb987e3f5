"""Atom feeds per category: the newest threads in the language with display names only; held,
hidden and erased threads left out."""

from __future__ import annotations

from xml.etree import ElementTree

from django.test import Client

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.models import Category, Member, Thread
from lytte.privacy.services import erase_customer

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(category: Category, lang: str = "nb") -> list[ElementTree.Element]:
    response = Client().get(f"/help/{lang}/community/categories/{category.slug}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")  # noqa: S314 -- ours


def test_a_categorys_feed(
    question: Thread,
    category: Category,
    ola_member: Member,
    supervisor: User,
    admin_user: User,
) -> None:
    page = Client().get(f"/help/nb/community/categories/{category.slug}/").content.decode()
    assert f'href="/help/nb/community/categories/{category.slug}/feed/"' in page
    [entry] = _entries(category)
    assert entry.findtext(f"{ATOM}title") == question.title
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Fjordkari"
    assert "fakturaen for mai" in (entry.findtext(f"{ATOM}summary") or "")
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href", "").endswith(f"/help/nb/community/threads/{question.pk}/")
    raw = Client().get(f"/help/nb/community/categories/{category.slug}/feed/").content.decode()
    assert "Nordmann" not in raw
    assert "example.no" not in raw
    assert _entries(category, "sv") == []  # other languages' threads are not in it

    hidden = services.ask(
        member=ola_member, category=category, language="nb", title="Skjult", body="Tekst"
    )
    services.hide(post=hidden.posts.get(opening=True), moderator=supervisor)
    assert [e.findtext(f"{ATOM}title") for e in _entries(category)] == [question.title]
    erase_customer(customer=question.author.customer, erased_by=admin_user, reason="Bedt om")
    assert _entries(category) == []


def test_an_unknown_category_has_no_feed(db: None) -> None:
    assert Client().get("/help/nb/community/categories/nope/feed/").status_code == 404
