"""/api/v1/knowledge: articles CRUD with translations, the workflow by role, errors, search."""

from __future__ import annotations

import pytest

from lytte.api.tests.conftest import ApiClient
from lytte.cases.models import ContactReason
from lytte.knowledge import services
from lytte.knowledge.models import Article, Category, SearchQuery, State, Translation

pytestmark = pytest.mark.django_db

NEW = {
    "source_language": "nb",
    "title": "Endre fakturaadresse",
    "body": "## Slik\n\nLogg inn på **Min side**. <script>x</script>",
    "tags": ["faktura"],
}


def test_create_read_update_and_delete(as_agent: ApiClient, as_supervisor: ApiClient) -> None:
    Category.objects.create(slug="payment", name="Payment")
    ContactReason.objects.get_or_create(code="invoice", defaults={"name": "Invoice"})
    created = as_agent.send(
        "post", "knowledge", {**NEW, "category": "payment", "reasons": ["invoice"]}
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    article_id = body["id"]
    assert body["category"]["slug"] == "payment"
    assert body["reasons"] == ["invoice"]
    assert body["missing"] == ["en", "da", "sv", "fi"]
    (text,) = body["translations"]
    assert text["slug"] == "endre-fakturaadresse"
    assert text["state"] == "draft"
    assert "<script>" not in text["body_html"]
    assert text["url"] == "/help/nb/articles/endre-fakturaadresse/"

    finnish = as_agent.send(
        "put",
        f"knowledge/{article_id}/translations/fi",
        {"title": "Laskutusosoitteen muuttaminen", "body": "Kirjaudu sisään ja vaihda osoite."},
    )
    assert finnish.status_code == 200
    assert finnish.json()["source_version"] == 1
    as_agent.send("put", f"knowledge/{article_id}/translations/nb", {"title": "Ny tittel"})
    outdated = as_agent.read("knowledge", translation="outdated", language="fi")
    assert [row["id"] for row in outdated.json()["items"]] == [article_id]
    assert as_agent.read("knowledge", translation="missing", language="fi").json()["count"] == 0

    patched = as_agent.send("patch", f"knowledge/{article_id}", {"visibility": "internal"})
    assert patched.json()["visibility"] == "internal"
    assert (
        as_agent.send("patch", f"knowledge/{article_id}", {"category": None}).json()["category"]
        is None
    )
    assert as_agent.send("delete", f"knowledge/{article_id}").status_code == 403
    assert as_supervisor.send("delete", f"knowledge/{article_id}").status_code == 204
    assert not Article.objects.exists()
    assert as_agent.read(f"knowledge/{article_id}").status_code == 404


def test_the_workflow_by_role(as_agent: ApiClient, as_supervisor: ApiClient) -> None:
    article_id = as_agent.send("post", "knowledge", NEW).json()["id"]
    state = f"knowledge/{article_id}/translations/nb/state"
    skip = as_agent.send("post", state, {"state": "published"})
    assert skip.status_code == 422
    assert skip.json()["code"] == "validation_failed"
    assert as_agent.send("post", state, {"state": "review"}).json()["state"] == "review"
    refused = as_agent.send("post", state, {"state": "published"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    published = as_supervisor.send("post", state, {"state": "published"})
    assert published.json()["published_at"] is not None
    assert (
        as_agent.send("put", f"knowledge/{article_id}/translations/nb", {"title": "X"}).status_code
        == 403
    )
    assert as_agent.send("post", state, {"state": "nonsense"}).status_code == 422


def test_errors(as_agent: ApiClient) -> None:
    first = as_agent.send("post", "knowledge", NEW).json()
    clash = as_agent.send("post", "knowledge", {**NEW, "slug": "endre-fakturaadresse"})
    assert clash.status_code == 422
    assert clash.json()["detail"][0]["loc"] == ["body", "slug"]
    assert clash.json()["detail"][0]["type"] == "slug_taken"
    assert Article.objects.count() == 1  # nothing half-made
    assert as_agent.send("post", "knowledge", {**NEW, "source_language": "de"}).status_code == 422
    assert as_agent.send("post", "knowledge", {**NEW, "title": "  "}).status_code == 422
    assert as_agent.send("post", "knowledge", {**NEW, "category": "nope"}).status_code == 422
    assert as_agent.send("post", "knowledge", {**NEW, "related": [999999]}).status_code == 422
    assert as_agent.send("post", "knowledge", "[1]").status_code == 422
    assert as_agent.send("post", "knowledge", "{").status_code == 400
    assert as_agent.read("knowledge/999999").status_code == 404
    assert as_agent.read(f"knowledge/{first['id']}/translations/xx").status_code == 422
    assert as_agent.read(f"knowledge/{first['id']}/translations/fi").status_code == 404
    assert as_agent.send("patch", f"knowledge/{first['id']}", {"tags": None}).status_code == 422
    assert ApiClient().read("knowledge").status_code == 401


def test_list_filters_and_pages(as_agent: ApiClient) -> None:
    for number in range(3):
        as_agent.send("post", "knowledge", {**NEW, "title": f"Artikkel {number}"})
    page = as_agent.read("knowledge", limit=2, offset=0).json()
    assert page["count"] == 3
    assert len(page["items"]) == 2
    assert as_agent.read("knowledge", q="artikkel 1").json()["count"] == 1
    assert as_agent.read("knowledge", state="published").json()["count"] == 0
    assert as_agent.read("knowledge", limit=0).status_code == 422


def test_search_finds_internal_articles_for_staff_and_is_recorded(as_agent: ApiClient) -> None:
    article = services.create_article(by=None, source_language="fi", visibility="internal")
    text = services.save_translation(
        article=article, language="fi", title="Maksuaika", body="Lykkäys sisäisesti.", by=None
    )
    services.set_state(text, State.REVIEW, by=None)
    services.set_state(text, State.PUBLISHED, by=None)
    found = as_agent.read("knowledge/search", q="Maksuaika", language="fi")
    assert found.status_code == 200
    (hit,) = found.json()
    assert (hit["translation"], hit["url"]) == (
        text.pk,
        f"/desk/knowledge/articles/{article.pk}/fi/",
    )
    searched = SearchQuery.objects.get()
    assert (searched.source, searched.query, searched.results) == ("api", "Maksuaika", 1)
    assert as_agent.read("knowledge/search").status_code == 422
    assert as_agent.read("knowledge/search", q="x", limit=500).status_code == 422
    assert Translation.objects.count() == 1
