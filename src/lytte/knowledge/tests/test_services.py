"""The knowledge services: sanitised Markdown, slugs that survive renames, missing and outdated
translations, the workflow and who may take each step, history, and files."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lytte.accounts.models import User
from lytte.accounts.roles import KNOWLEDGE_EDITOR_GROUP
from lytte.knowledge import selectors, services
from lytte.knowledge.models import Revision, SlugRedirect, State, Translation
from lytte.knowledge.services import files, history
from lytte.knowledge.services.markdown import render

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _article(by: User | None = None, language: str = "nb", title: str = "Endre fakturaadresse"):
    article = services.create_article(by=by, source_language=language)
    text = services.save_translation(
        article=article, language=language, title=title, body="Slik gjør du det.", by=by
    )
    return article, text


def _publish(text: Translation) -> Translation:
    services.set_state(text, State.REVIEW, by=None)
    return services.set_state(text, State.PUBLISHED, by=None)


# Markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[klikk](javascript:alert(1))",
        "[klikk](JaVaScRiPt:alert(1))",
        "[klikk](data:text/html;base64,PHNjcmlwdD4=)",
        "<a href='https://x' onclick='alert(1)'>x</a>",
        "<style>body{display:none}</style>",
        "<iframe src='https://evil.example'></iframe>",
        "![x](https://evil.example/track.png)",
        "![x](//evil.example/track.png)",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_markdown_never_lets_script_styles_or_foreign_images_through(attack: str) -> None:
    tags = _tags(render(attack))
    allowed = {"p", "a", "img", "br"}
    assert {tag for tag, _attrs in tags} <= allowed, tags
    for _tag, attrs in tags:
        for name, value in attrs:
            assert name in {"href", "src", "alt", "rel", "title"}, (name, value)
            assert not (value or "").lower().startswith(("javascript:", "data:", "//", "http")) or (
                name == "href" and value.startswith("https://x")
            )


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def test_markdown_keeps_headings_lists_links_tables_code_and_own_images() -> None:
    html = render(
        "## Faktura\n\n- én\n- to\n\n[Vipps](https://vipps.no) og [retur](../retur/)\n\n"
        "![Skjermbilde](/help/files/3/skjerm.png)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```\nkode\n```"
    )
    assert "<h2>Faktura</h2>" in html
    assert "<li>én</li>" in html
    assert '<a href="https://vipps.no" rel="noopener">Vipps</a>' in html
    assert '<a href="../retur/" rel="noopener">retur</a>' in html
    assert '<img src="/help/files/3/skjerm.png" alt="Skjermbilde">' in html
    assert "<table>" in html
    assert "<pre><code>kode" in html


def test_saving_stores_the_sanitised_html() -> None:
    article = services.create_article(by=None, source_language="fi")
    text = services.save_translation(
        article=article, language="fi", title="Lasku", body="**Hei** <b>x</b>", by=None
    )
    assert text.body_html == "<p><strong>Hei</strong> &lt;b&gt;x&lt;/b&gt;</p>\n"


# Slugs --------------------------------------------------------------------------------------


def test_a_new_translation_gets_an_ascii_slug_and_a_free_one_on_a_clash() -> None:
    _article(title="Endre fakturaadresse på Ålesund-kontoen")
    first = Translation.objects.get()
    assert first.slug == "endre-fakturaadresse-pa-alesund-kontoen"
    _second, again = _article(title="Endre fakturaadresse på Ålesund-kontoen")
    assert again.slug == "endre-fakturaadresse-pa-alesund-kontoen-2"


def test_a_chosen_slug_that_is_taken_is_a_clear_error() -> None:
    _article(title="Retur")
    article = services.create_article(by=None, source_language="nb")
    with pytest.raises(ValidationError) as error:
        services.save_translation(
            article=article, language="nb", title="Annen", body="", slug="retur", by=None
        )
    assert "retur" in error.value.message_dict["slug"][0]


def test_a_rename_keeps_the_old_slug_as_a_redirect() -> None:
    article, text = _article(title="Fakturaadresse")
    old = text.slug
    services.save_translation(
        article=article, language="nb", title="Ny tittel", body=text.body, slug="ny", by=None
    )
    assert selectors.find_by_slug("nb", old) == (Translation.objects.get(slug="ny"), True)
    assert selectors.find_by_slug("nb", "ny")[1] is False
    # Nobody else may take the old address; the article itself may go back to it.
    other = services.create_article(by=None, source_language="nb")
    with pytest.raises(ValidationError):
        services.save_translation(
            article=other, language="nb", title="X", body="", slug=old, by=None
        )
    services.save_translation(
        article=article, language="nb", title="Tilbake", body="", slug=old, by=None
    )
    assert not SlugRedirect.objects.filter(slug=old).exists()
    assert SlugRedirect.objects.filter(slug="ny").exists()


def test_an_invalid_slug_is_refused() -> None:
    article = services.create_article(by=None, source_language="sv")
    with pytest.raises(ValidationError):
        services.save_translation(
            article=article, language="sv", title="Hej", body="", slug="a b/c", by=None
        )


# Missing and outdated -------------------------------------------------------------------------


def test_missing_and_outdated_translations() -> None:
    article, _source = _article(title="Leveringstid")
    assert selectors.missing_languages(article) == ["en", "da", "sv", "fi"]
    finnish = services.save_translation(
        article=article, language="fi", title="Toimitusaika", body="Toimitus kestää.", by=None
    )
    assert finnish.source_version == 1
    assert not selectors.outdated_translations().exists()
    services.save_translation(
        article=article, language="nb", title="Leveringstid", body="Endret.", by=None
    )
    assert list(selectors.outdated_translations()) == [finnish]
    assert article in selectors.articles_missing("sv")
    assert article not in selectors.articles_missing("fi")
    services.save_translation(
        article=article, language="fi", title="Toimitusaika", body="Päivitetty.", by=None
    )
    assert not selectors.outdated_translations().exists()


# Workflow and permissions ----------------------------------------------------------------------


def test_the_workflow_goes_through_review(supervisor: User) -> None:
    _, text = _article(by=supervisor)
    with pytest.raises(ValidationError):
        services.set_state(text, State.PUBLISHED, by=supervisor)
    services.set_state(text, State.REVIEW, by=supervisor)
    services.set_state(text, State.PUBLISHED, by=supervisor)
    assert text.published_at is not None
    with pytest.raises(ValidationError):
        services.set_state(text, State.REVIEW, by=supervisor)
    services.set_state(text, State.ARCHIVED, by=supervisor)
    services.set_state(text, State.DRAFT, by=supervisor)
    assert Translation.objects.get().state == State.DRAFT


def test_the_system_may_publish_a_draft_directly() -> None:
    _, text = _article()
    services.set_state(text, State.PUBLISHED, by=None)
    assert Translation.objects.get().state == State.PUBLISHED


def test_agents_write_drafts_and_send_them_to_review_but_do_not_publish(agent: User) -> None:
    article, text = _article(by=agent)
    services.set_state(text, State.REVIEW, by=agent)
    assert services.allowed_states(text, agent) == [State.DRAFT]
    with pytest.raises(PermissionDenied):
        services.set_state(text, State.PUBLISHED, by=agent)
    _publish(text)
    with pytest.raises(PermissionDenied):  # a published text is a publisher's to change
        services.save_translation(article=article, language="nb", title="Endret", body="", by=agent)
    with pytest.raises(PermissionDenied):
        services.set_state(text, State.ARCHIVED, by=agent)


def test_the_knowledge_editor_group_lets_an_agent_publish(agent: User) -> None:
    from django.contrib.auth.models import Group

    agent.groups.add(Group.objects.get(name=KNOWLEDGE_EDITOR_GROUP))
    agent = User.objects.get(pk=agent.pk)  # permissions are cached per object
    _, text = _article(by=agent)
    services.set_state(text, State.REVIEW, by=agent)
    services.set_state(text, State.PUBLISHED, by=agent)


def test_only_publishers_make_a_published_article_internal(agent: User, supervisor: User) -> None:
    article, text = _article(by=agent)
    _publish(text)
    with pytest.raises(PermissionDenied):
        services.change_article(article, by=agent, visibility="internal")
    services.change_article(article, by=supervisor, visibility="internal", tags=["faktura", " "])
    assert [tag.name for tag in article.tags.all()] == ["faktura"]


def test_every_change_reindexes(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    monkeypatch.setattr("lytte.knowledge.services.articles.reindex", seen.append)
    _, text = _article()
    _publish(text)
    assert seen == [text.pk] * 3


# History -------------------------------------------------------------------------------------


def test_every_save_is_a_revision_with_a_diff_and_restore_is_a_new_version(agent: User) -> None:
    article, text = _article(by=agent)
    services.save_translation(
        article=article,
        language="nb",
        title="Endre fakturaadressen",
        body="Slik gjør du det.\nLogg inn på Min side.",
        by=agent,
    )
    services.save_translation(  # the same text again: no new version
        article=article,
        language="nb",
        title="Endre fakturaadressen",
        body="Slik gjør du det.\nLogg inn på Min side.",
        by=agent,
    )
    first, second = Revision.objects.order_by("version")
    changes = history.diff(first, second)
    assert changes.title_changed
    assert [(line.kind, line.text) for line in changes.body] == [
        ("same", "Slik gjør du det."),
        ("ins", "Logg inn på Min side."),
    ]
    restored = history.restore(first, by=agent)
    assert (restored.version, restored.title, restored.body) == (3, text.title, text.body)
    assert Revision.objects.count() == 3


def test_a_long_diff_folds_unchanged_lines() -> None:
    old = "\n".join(f"linje {n}" for n in range(30))
    new = old.replace("linje 15", "linje femten")
    lines = history.diff_lines(old, new)
    assert [line.kind for line in lines].count("gap") == 1
    assert ("del", "linje 15") in [(line.kind, line.text) for line in lines]
    assert len(lines) < 12


# Files ---------------------------------------------------------------------------------------


def test_files_are_checked_by_their_bytes_and_size(agent: User) -> None:
    article, _text = _article()
    saved = files.upload(article=article, filename="../../skjerm bilde.exe", content=PNG, by=agent)
    assert (saved.filename, saved.content_type) == ("skjerm bilde.png", "image/png")
    assert files.markdown(saved) == f"![skjerm bilde](/help/files/{saved.pk}/skjerm%20bilde.png)"
    with pytest.raises(ValidationError):
        files.upload(article=article, filename="x.png", content=b"<script>", by=agent)
    with pytest.raises(ValidationError):
        files.upload(
            article=article, filename="x.pdf", content=b"%PDF-" + b"0" * (5 << 20), by=agent
        )
    assert files.upload(article=article, filename="vilkår.pdf", content=b"%PDF-1.4", by=None)


def test_a_file_is_public_only_with_a_public_published_article() -> None:
    article, text = _article()
    saved = files.upload(article=article, filename="a.png", content=PNG, by=None)
    assert not files.is_public(saved)
    _publish(text)
    assert files.is_public(saved)
    services.change_article(article, by=None, visibility="internal")
    saved.article.refresh_from_db()
    assert not files.is_public(saved)
