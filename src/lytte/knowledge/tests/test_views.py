"""The staff pages under /desk/knowledge/: who may open and change what, bad input as 4xx,
and files served at /help/files/ to customers only for public published articles."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.accounts.models import User
from lytte.knowledge import services
from lytte.knowledge.models import Article, Attachment, State, Translation
from lytte.knowledge.services import files
from lytte.knowledge.tests.factories import invoice_article

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def text() -> Translation:
    article = services.create_article(by=None, source_language="nb", tags=["faktura"])
    return services.save_translation(
        article=article,
        language="nb",
        title="Endre fakturaadresse",
        body="## Slik\n\nGå til **Min side**.",
        by=None,
    )


def test_anonymous_visitors_are_sent_to_sign_in(text: Translation) -> None:
    response = Client().get("/desk/knowledge/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_staff_list_filter_and_read(agent: User, text: Translation) -> None:
    client = _client(agent)
    page = client.get("/desk/knowledge/")
    assert page.status_code == 200
    assert "Endre fakturaadresse" in page.content.decode()
    assert "Endre fakturaadresse" in client.get("/desk/knowledge/?status=missing").content.decode()
    empty = client.get("/desk/knowledge/?state=published&language=nb&status=outdated")
    assert "Endre fakturaadresse" not in empty.content.decode()
    bad = client.get("/desk/knowledge/?category=abc&state=nope&page=-1&language=xx")
    assert bad.status_code == 200
    read = client.get(f"/desk/knowledge/articles/{text.article_id}/nb/")
    assert "<h2>Slik</h2>" in read.content.decode()
    assert client.get(f"/desk/knowledge/articles/{text.article_id}/xx/").status_code == 404
    assert client.get("/desk/knowledge/articles/999999/nb/").status_code == 404


def test_an_agent_writes_an_article_and_sends_it_to_review(agent: User) -> None:
    client = _client(agent)
    response = client.post(
        "/desk/knowledge/new/",
        {
            "source_language": "sv",
            "visibility": "public",
            "title": "Ändra leveransadress",
            "body": "Så här gör du.",
            "tags": "leverans, adress",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/desk/knowledge/articles/{article.pk}/sv/"
    text = article.translations.get()
    assert text.slug == "andra-leveransadress"
    page = client.get(response["Location"]).content.decode()
    assert "Submit for review" in page
    assert ">Publish<" not in page
    state = f"/desk/knowledge/articles/{article.pk}/sv/state/"
    client.post(state, {"state": "review"})
    client.post(state, {"state": "published"})  # refused: 403
    text.refresh_from_db()
    assert text.state == State.REVIEW
    assert client.post(state, {"state": "published"}).status_code == 403
    assert client.post(state, {"state": "nonsense"}).status_code == 400


def test_a_new_article_with_a_taken_slug_is_a_form_error_and_nothing_is_made(
    agent: User, text: Translation
) -> None:
    response = _client(agent).post(
        "/desk/knowledge/new/",
        {"source_language": "nb", "visibility": "public", "title": "X", "slug": text.slug},
    )
    assert response.status_code == 422
    assert Article.objects.count() == 1


def test_the_editor_saves_renames_and_the_old_address_still_arrives(
    supervisor: User, text: Translation
) -> None:
    client = _client(supervisor)
    url = f"/desk/knowledge/articles/{text.article_id}/nb/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Ny adresse", "slug": "ny-adresse", "body": "Ny."})
    assert response.status_code == 302
    old = client.get(f"/desk/knowledge/go/nb/{text.slug}/")
    assert old["Location"] == f"/desk/knowledge/articles/{text.article_id}/nb/"
    assert client.get("/desk/knowledge/go/nb/finnes-ikke/").status_code == 404
    assert client.post(url, {"title": "", "body": "x"}).status_code == 422
    assert client.post(url, {"title": "Ny", "slug": "ugyldig slug!"}).status_code == 422


def test_a_translation_starts_from_the_source(agent: User, text: Translation) -> None:
    client = _client(agent)
    url = f"/desk/knowledge/articles/{text.article_id}/fi/edit/"
    page = client.get(url).content.decode()
    assert "Endre fakturaadresse" in page  # the source's text to translate
    client.post(url, {"title": "Laskutusosoitteen muutos", "body": "Näin se käy."})
    finnish = Translation.objects.get(language="fi")
    assert (finnish.slug, finnish.source_version) == ("laskutusosoitteen-muutos", 1)
    side = client.get(f"/desk/knowledge/articles/{text.article_id}/translations/?language=fi")
    assert "Näin se käy." in side.content.decode()


def test_preview_renders_through_the_sanitiser(agent: User) -> None:
    response = _client(agent).post(
        "/desk/knowledge/preview/", {"body": "**Hei** <script>alert(1)</script>"}
    )
    assert response.status_code == 200
    assert "<strong>Hei</strong> &lt;script&gt;" in response.content.decode()
    assert Client().post("/desk/knowledge/preview/", {"body": "x"}).status_code == 302


def test_history_diff_and_restore(supervisor: User, text: Translation) -> None:
    client = _client(supervisor)
    services.save_translation(
        article=text.article, language="nb", title=text.title, body="Ny tekst.", by=supervisor
    )
    base = f"/desk/knowledge/articles/{text.article_id}/nb/history/"
    page = client.get(f"{base}?old=1&new=2").content.decode()
    assert "<ins>+ Ny tekst.</ins>" in page
    assert "<del>- Gå til **Min side**.</del>" in page
    assert client.get(f"{base}?old=1&new=9").status_code == 404
    assert client.post(f"{base}1/restore/").status_code == 302
    assert Translation.objects.get(pk=text.pk).body == "## Slik\n\nGå til **Min side**."
    assert client.post(f"{base}77/restore/").status_code == 404


def test_settings_related_chosen_by_title(agent: User, text: Translation) -> None:
    other = services.create_article(by=None, source_language="nb")
    services.save_translation(
        article=other, language="nb", title="Betale med Vipps", body="", by=None
    )
    client = _client(agent)
    found = client.get(f"/desk/knowledge/articles/{text.article_id}/related/?q=vipps")
    assert f'value="{other.pk}"' in found.content.decode()
    response = client.post(
        f"/desk/knowledge/articles/{text.article_id}/",
        {"source_language": "nb", "visibility": "public", "related": [other.pk], "tags": "a, b"},
    )
    assert response.status_code == 302
    assert list(text.article.related.all()) == [other]
    assert list(other.related.all()) == [text.article]
    bad = client.post(
        f"/desk/knowledge/articles/{text.article_id}/",
        {"source_language": "xx", "visibility": "public"},
    )
    assert bad.status_code == 422


def test_upload_limits_and_who_reads_files(agent: User, text: Translation) -> None:
    client = _client(agent)
    upload = f"/desk/knowledge/articles/{text.article_id}/files/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(upload, {"file": SimpleUploadedFile("ikke.png", b"MZ\x90\x00", "image/png")})
    assert not Attachment.objects.exists()
    client.post(upload, {"file": SimpleUploadedFile("skjermbilde.png", PNG, "image/png")})
    saved = Attachment.objects.get()
    url = files.url(saved)
    staff = client.get(url)
    assert staff.status_code == 200
    assert staff.content == PNG
    assert staff["Content-Type"] == "image/png"
    assert staff["X-Content-Type-Options"] == "nosniff"
    assert staff["Content-Disposition"].startswith("inline;")
    assert Client().get(url).status_code == 404  # a draft's file: not for customers
    services.set_state(text, State.REVIEW, by=None)
    services.set_state(text, State.PUBLISHED, by=None)
    public = Client().get(url)
    assert public.status_code == 200
    assert "public" in public["Cache-Control"]
    assert Client().get(f"/help/files/{saved.pk}/other.png").status_code == 404
    services.change_article(text.article, by=None, visibility="internal")
    assert Client().get(url).status_code == 404
    assert client.post(f"/desk/knowledge/files/{saved.pk}/delete/").status_code == 302
    assert not Attachment.objects.exists()


def test_links_between_articles_go_through_the_desk(agent: User) -> None:
    text = invoice_article()
    page = _client(agent).get(f"/desk/knowledge/articles/{text.article_id}/nb/")
    assert 'href="/desk/knowledge/go/nb/betalingsutsettelse/"' in page.content.decode()
