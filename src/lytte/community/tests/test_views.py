"""The community's pages through the test client: reading for all, writing for signed-in
members, staff replies marked, the honeypot and the timing check, 429 beyond the rate limit."""

from __future__ import annotations

import time

from django.test import Client

from lytte.accounts.models import User
from lytte.community import search, services
from lytte.community.forms import started_token
from lytte.community.models import Category, Member, Post, Thread
from lytte.community.tests.conftest import guarded
from lytte.customers.models import Customer
from lytte.portal.tests.sessions import portal_client

BASE = "/help/nb/community/"


def _thread_url(thread: Thread) -> str:
    return f"{BASE}threads/{thread.pk}/"


def test_community_start_goes_to_the_browsers_language(db: None) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9").get("/help/community/")
    assert (response.status_code, response["Location"]) == (302, "/help/sv/community/")


def test_anyone_reads_categories_threads_and_posts(question: Thread, ola_member: Member) -> None:
    services.reply(thread=question, body="Prøv *eFaktura*<script>x()</script>", member=ola_member)
    client = Client()
    home = client.get(BASE)
    assert home.status_code == 200
    assert "Faktura" in home.content.decode()
    listing = client.get(f"{BASE}categories/billing/").content.decode()
    assert "Fakturaen kom ikke i posten" in listing
    assert "Fjordkari" in listing
    page = client.get(_thread_url(question)).content.decode()
    assert "<em>eFaktura</em>" in page
    assert "<script>x()" not in page
    assert "Ola fra Bergen" in page
    assert "kari@example.no" not in page
    assert "Kari Nordmann" not in page
    assert "912" not in page
    assert 'id="community-sign-in"' in page
    assert 'id="reply-form"' not in page


def test_a_category_limited_to_another_language_is_not_found(category: Category) -> None:
    category.language = "sv"
    category.save()
    assert Client().get(f"{BASE}categories/billing/").status_code == 404
    assert Client().get("/help/sv/community/categories/billing/").status_code == 200


def test_a_thread_opened_in_another_language_redirects_to_its_own(question: Thread) -> None:
    response = Client().get(f"/help/da/community/threads/{question.pk}/")
    assert response["Location"] == f"/help/nb/community/threads/{question.pk}/"


def test_asking_needs_a_sign_in_then_a_display_name(kari: Customer, category: Category) -> None:
    anonymous = Client().get(f"{BASE}ask/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/help/nb/sign-in/")
    nameless = portal_client(kari).get(f"{BASE}ask/")
    assert nameless["Location"] == "/help/nb/community/name/?next=%2Fhelp%2Fnb%2Fcommunity%2Fask%2F"
    client = portal_client(kari)
    chosen = client.post(
        f"{BASE}name/", {"display_name": "Fjordkari", "next": "/help/nb/community/ask/"}
    )
    assert chosen["Location"] == "/help/nb/community/ask/"
    assert client.get(f"{BASE}ask/").status_code == 200


def test_a_member_asks_and_lands_on_the_thread(kari_member: Member, category: Category) -> None:
    client = portal_client(kari_member.customer)
    response = client.post(
        f"{BASE}ask/",
        guarded(category=category.pk, kind="question", title="Hvor er KID?", body="Finner ikke"),
    )
    thread = Thread.objects.get()
    assert response["Location"] == _thread_url(thread)
    assert (thread.title, thread.author, thread.language) == ("Hvor er KID?", kari_member, "nb")


def test_the_honeypot_and_a_too_fast_post_are_refused(
    kari_member: Member, category: Category
) -> None:
    client = portal_client(kari_member.customer)
    data = {"category": category.pk, "kind": "question", "title": "Hei", "body": "Hei"}
    bot = client.post(f"{BASE}ask/", guarded(**data, website="http://spam.example"))
    fast = client.post(f"{BASE}ask/", {**data, "website": "", "started": started_token()})
    forged = client.post(f"{BASE}ask/", {**data, "website": "", "started": str(time.time() - 60)})
    assert [bot.status_code, fast.status_code, forged.status_code] == [400, 400, 400]
    assert not Thread.objects.exists()


def test_similar_threads_and_articles_while_the_title_is_typed(
    question: Thread, ola_member: Member, kari_member: Member
) -> None:
    answer = services.reply(thread=question, body="eFaktura", member=ola_member)
    services.accept(post=answer, member=kari_member)
    search.reindex_all()  # what the services do after their commits
    fragment = Client().get(f"{BASE}ask/similar/", {"title": "fakturaen min er borte"})
    assert fragment.status_code == 200
    assert f"/help/nb/community/threads/{question.pk}/" in fragment.content.decode()


def test_a_member_replies_and_votes_and_the_asker_accepts(
    question: Thread, ola_member: Member, kari_member: Member
) -> None:
    ola = portal_client(ola_member.customer)
    response = ola.post(f"{_thread_url(question)}reply/", guarded(body="Sjekk eFaktura i banken."))
    answer = Post.objects.get(opening=False)
    assert response["Location"] == f"{_thread_url(question)}posts/{answer.pk}/"
    kari = portal_client(kari_member.customer)
    voted = kari.post(f"{_thread_url(question)}posts/{answer.pk}/vote/", HTTP_HX_REQUEST="true")
    assert voted.status_code == 200
    assert 'aria-pressed="true"' in voted.content.decode()
    ola_accepts = ola.post(f"{_thread_url(question)}posts/{answer.pk}/accept/")
    assert ola_accepts.status_code == 403
    kari.post(f"{_thread_url(question)}posts/{answer.pk}/accept/")
    question.refresh_from_db()
    assert question.accepted == answer
    page = Client().get(_thread_url(question)).content.decode()
    assert "community-post-accepted" in page


def test_staff_reply_as_staff(question: Thread, agent: User) -> None:
    client = Client()
    client.force_login(agent)
    client.post(f"{_thread_url(question)}reply/", guarded(body="Vi sender fakturaen på nytt."))
    post = Post.objects.get(opening=False)
    assert post.staff == agent
    assert post.author is None
    page = Client().get(_thread_url(question)).content.decode()
    assert "community-staff" in page
    assert "community-post-staff" in page


def test_only_the_author_edits_a_post(question: Thread, ola_member: Member) -> None:
    opening = question.posts.get()
    url = f"{_thread_url(question)}posts/{opening.pk}/edit/"
    ola = portal_client(ola_member.customer)
    assert ola.get(url).status_code == 403
    assert ola.post(url, {"title": "Hacket", "body": "Hacket"}).status_code == 403
    kari = portal_client(question.author.customer)
    assert kari.get(url).status_code == 200
    kari.post(url, {"title": "Fakturaen for mai", "body": "Ny tekst"})
    opening.refresh_from_db()
    assert opening.body == "Ny tekst"
    history = Client().get(f"{_thread_url(question)}posts/{opening.pk}/history/")
    assert "fått fakturaen for mai" in history.content.decode()


def test_writing_too_fast_answers_429(question: Thread, ola_member: Member) -> None:
    ola = portal_client(ola_member.customer)
    for number in range(services.posting.POSTS_PER_WINDOW):
        services.reply(thread=question, body=f"Svar {number}", member=ola_member)
    response = ola.post(f"{_thread_url(question)}reply/", guarded(body="Ett til"))
    assert response.status_code == 429


def test_same_problem_counts_and_toggles(question: Thread, ola_member: Member) -> None:
    ola = portal_client(ola_member.customer)
    url = f"{_thread_url(question)}same-problem/"
    fragment = ola.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-pressed="true"' in fragment
    ola.post(url)
    assert question.same_problems.count() == 0


def test_a_long_category_is_paged(question: Thread) -> None:
    now = question.created_at
    Thread.objects.bulk_create(
        Thread(
            category=question.category,
            language="nb",
            title=f"Spørsmål {number}",
            author=question.author,
            created_at=now,
            last_activity_at=now,
        )
        for number in range(30)
    )
    first = Client().get(f"{BASE}categories/billing/").content.decode()
    second = Client().get(f"{BASE}categories/billing/?page=2").content.decode()
    assert "Side 1 av 2" in first  # the page is in Norwegian (/help/nb/)
    assert 'rel="next"' in first
    assert "Side 2 av 2" in second
    assert 'rel="prev"' in second


def test_choosing_a_name_never_sends_the_customer_to_another_site(kari: Customer) -> None:
    client = portal_client(kari)
    for evil in ("https://evil.example/help/", "//evil.example/", "/help/\\evil.example"):
        response = client.post(f"{BASE}name/", {"display_name": "Fjordkari", "next": evil})
        assert response["Location"] == BASE


def test_the_help_centre_leads_to_the_community(db: None) -> None:
    page = Client().get("/help/nb/").content.decode()
    assert 'href="/help/nb/community/" id="help-community-link"' in page


def test_staff_edit_their_own_reply_and_no_one_elses(
    question: Thread, agent: User, supervisor: User
) -> None:
    post = services.reply(thread=question, body="Vi ser på det.", staff=agent)
    url = f"{_thread_url(question)}posts/{post.pk}/edit/"
    other = Client()
    other.force_login(supervisor)
    assert other.post(url, {"body": "Endret"}).status_code == 403
    own = Client()
    own.force_login(agent)
    assert own.post(url, {"body": "Vi har sendt den nå."}).status_code == 302
    post.refresh_from_db()
    assert post.body == "Vi har sendt den nå."
    assert post.revisions.get().body == "Vi ser på det."
