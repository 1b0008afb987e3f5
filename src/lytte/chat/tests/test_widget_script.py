"""/chat/widget.js, the one script a business pastes into its pages: served as JavaScript that
other sites may load, cached a few minutes and revalidated, small, and speaking all five
languages; and the articles it suggests before a chat, shared only with the widget's sites."""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client

from lytte.chat.models import ChatWidget
from lytte.knowledge.models import Visibility
from lytte.portal.tests.help_world import write

pytestmark = pytest.mark.django_db
SITE = "https://www.kraftselskapet.no"
LANGUAGES = ("nb", "da", "sv", "fi", "en")


@pytest.fixture
def widget(db: None) -> ChatWidget:
    return ChatWidget.objects.create(name="Kundeservice", allowed_origins=f"{SITE}\n")


def test_the_script_is_javascript_other_sites_may_load_and_cache_a_while(client: Client) -> None:
    response = client.get("/chat/widget.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert b"attachShadow" in response.content


def test_a_browser_that_has_the_script_gets_not_modified(client: Client) -> None:
    etag = client.get("/chat/widget.js")["ETag"]

    again = client.get("/chat/widget.js", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""


def test_the_script_is_under_30_kb_gzipped(client: Client) -> None:
    content = client.get("/chat/widget.js").content

    assert len(gzip.compress(content, compresslevel=9)) < 30 * 1024


def test_the_script_asks_no_other_host_for_anything(client: Client) -> None:
    content = client.get("/chat/widget.js").content.decode()

    addresses = set(re.findall(r"https?://[^\s\"')]+", content))
    assert addresses <= {"https://HOST/chat/widget.js", "http://www.w3.org/2000/svg"}


def test_every_string_of_the_widget_is_there_in_all_five_languages(client: Client) -> None:
    content = client.get("/chat/widget.js").content.decode()
    table = content[content.index("var STRINGS = {") : content.index("function pickLanguage")]

    keys = {}
    for language in LANGUAGES:
        block = re.search(rf"\n    {language}: \{{(.*?)\n    \}}", table, re.S)
        assert block, language
        keys[language] = set(re.findall(r"(\w+): \"", block.group(1)))
    assert keys["en"]
    for language in LANGUAGES:
        assert keys[language] == keys["en"], language


def test_articles_suggests_at_most_three_public_articles_for_the_words_typed(
    client: Client, widget: ChatWidget
) -> None:
    for n in range(4):
        write("nb", f"Faktura nummer {n}", "Om fakturaen din.")
    write("nb", "Faktura for ansatte", "Bare for oss.", visibility=Visibility.INTERNAL)

    answer = client.get(f"/chat/api/{widget.key}/articles", {"q": "faktura", "lang": "nb"})

    assert answer.status_code == 200
    found = answer.json()["articles"]
    assert len(found) == 3
    assert all(a["title"].startswith("Faktura nummer") for a in found)
    assert all(a["url"].startswith("http://testserver/help/nb/articles/") for a in found)


def test_articles_are_shared_with_the_widgets_own_sites_only(
    client: Client, widget: ChatWidget
) -> None:
    url = f"/chat/api/{widget.key}/articles"

    listed = client.get(url, {"q": "faktura"}, HTTP_ORIGIN=SITE)
    other = client.get(url, {"q": "faktura"}, HTTP_ORIGIN="https://evil.example")

    assert listed.status_code == 200
    assert listed["Access-Control-Allow-Origin"] == SITE
    assert other.status_code == 403
    assert "Access-Control-Allow-Origin" not in other


def test_articles_of_an_unknown_or_switched_off_widget_are_404(
    client: Client, widget: ChatWidget
) -> None:
    widget.active = False
    widget.save()

    assert client.get(f"/chat/api/{widget.key}/articles", {"q": "x"}).status_code == 404
    assert client.get("/chat/api/nosuchkey/articles", {"q": "x"}).status_code == 404
