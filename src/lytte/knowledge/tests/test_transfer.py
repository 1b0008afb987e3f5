"""`lytte knowledge import` and `export`: idempotent on (language, slug), rows skipped with
their line and reason, Nordic text intact, and a round trip that gives the same articles."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lytte.knowledge.models import Article, Category, State, Translation

pytestmark = pytest.mark.django_db

CSV = """article,title,body,language,category,slug,visibility
invoice,Endre fakturaadresse,"Logg inn på Min side.

## Før du begynner
Ha kundenummeret klart — æøå ÆØÅ.",nb,payment,endre-fakturaadresse,public
invoice,Ändra fakturaadress,Logga in på Mina sidor och ändra adressen i två steg.,sv,payment,,public
invoice,Laskutusosoitteen muuttaminen,Vaihda osoite: äö ÄÖ.,fi,payment,laskutusosoite,public
refund,Refusjon etter retur,Pengene kommer innen 14 dager.,nb,,,internal
,Uten tittel,,de,,,
,,Tom tittel,nb,,,
,Ukjent kategori,Tekst,nb,nowhere,,
,Feil synlighet,Tekst,nb,,,secret
,Endre fakturaadresse igjen,Samme slug,nb,,endre-fakturaadresse,
"""


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("knowledge", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    Category.objects.create(slug="payment", name="Payment")
    path = tmp_path / "artikler.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_import_groups_translations_reports_skips_and_is_idempotent(csv_file: Path) -> None:
    out, err = _run("import", str(csv_file))
    assert out.strip() == "4 created, 0 updated, 0 unchanged, 5 skipped."
    assert err.splitlines() == [
        "line 9: skipped: unknown language “de” (use en, nb, da, sv, fi)",
        "line 10: skipped: empty title",
        "line 11: skipped: unknown category “nowhere”",
        "line 12: skipped: unknown visibility “secret” (use public or internal)",
        "line 13: skipped: the same language and slug as line 2",
    ]
    invoice = Translation.objects.get(language="nb", slug="endre-fakturaadresse").article
    assert invoice.source_language == "nb"
    assert invoice.category.slug == "payment"  # type: ignore[union-attr]
    assert sorted(invoice.translations.values_list("language", "slug")) == [
        ("fi", "laskutusosoite"),
        ("nb", "endre-fakturaadresse"),
        ("sv", "andra-fakturaadress"),
    ]
    nb = invoice.translations.get(language="nb")
    assert nb.body.endswith("Ha kundenummeret klart — æøå ÆØÅ.")
    assert "<h2>Før du begynner</h2>" in nb.body_html
    assert nb.state == State.DRAFT
    refund = Translation.objects.get(language="nb", slug="refusjon-etter-retur")
    assert refund.article.visibility == "internal"

    again, _err = _run("import", str(csv_file))
    assert again.strip() == "0 created, 0 updated, 4 unchanged, 5 skipped."
    assert Translation.objects.filter(version__gt=1).count() == 0


def test_import_publish_and_a_changed_row_is_a_new_version(csv_file: Path) -> None:
    _run("import", "--publish", str(csv_file))
    assert set(Translation.objects.values_list("state", flat=True)) == {State.PUBLISHED}
    csv_file.write_text(CSV.replace("i två steg", "i tre steg"), encoding="utf-8")
    out, _err = _run("import", "--publish", str(csv_file))
    assert out.strip() == "0 created, 1 updated, 3 unchanged, 5 skipped."
    assert Translation.objects.get(language="sv").version == 2


def test_nothing_imported_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "tom.csv"
    path.write_text("title,body,language\n,x,nb\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing could be imported"):
        _run("import", str(path))
    path.write_text("title,language\nHei,nb\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no column body"):
        _run("import", str(path))
    path.write_bytes("title,body,language\nHæ,x,nb\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        _run("import", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        _run("import", str(tmp_path / "finnes-ikke.csv"))


def test_export_then_import_on_an_empty_site_gives_the_same_articles(
    csv_file: Path, tmp_path: Path
) -> None:
    _run("import", str(csv_file))
    exported = tmp_path / "eksport.csv"
    _run("export", "-o", str(exported))

    def snapshot() -> list[tuple[object, ...]]:
        return sorted(
            (
                t.language,
                t.slug,
                t.title,
                t.body,
                t.article.source_language,
                t.article.visibility,
                t.article.category.slug if t.article.category else "",
                tuple(sorted(t.article.translations.values_list("language", flat=True))),
            )
            for t in Translation.objects.select_related("article__category")
        )

    before = snapshot()
    Article.objects.all().delete()
    out, _err = _run("import", str(exported))
    assert out.strip() == "4 created, 0 updated, 0 unchanged, 0 skipped."
    assert snapshot() == before
    finnish, _err = _run("export", "--language", "fi")
    assert finnish.splitlines()[0] == "article,title,body,language,category,slug,visibility"
    assert finnish.splitlines()[1] == (
        "endre-fakturaadresse,Laskutusosoitteen muuttaminen,"
        "Vaihda osoite: äö ÄÖ.,fi,payment,laskutusosoite,public"
    )
