"""`lytte knowledge search`, `evaluate` and `reindex` as a business runs them."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from lytte.knowledge.models import State, Visibility
from lytte.knowledge.services import create_article, save_translation, set_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def articles() -> None:
    for title, body, visibility in [
        ("Endre adresse på faktura", "Slik endrer du fakturaadressen.", Visibility.PUBLIC),
        ("Spor pakken din", "Sporingsnummeret står i e-posten.", Visibility.PUBLIC),
        ("Rutiner ved feil på faktura", "For agenter.", Visibility.INTERNAL),
    ]:
        article = create_article(by=None, source_language="nb", visibility=visibility)
        translation = save_translation(
            article=article, language="nb", title=title, body=body, by=None
        )
        set_state(translation, State.PUBLISHED, by=None)


def _run(*args: str) -> str:
    out = StringIO()
    call_command("knowledge", *args, stdout=out)
    return out.getvalue()


def test_search_prints_ranked_results() -> None:
    lines = _run("search", "fakturaen", "--language", "nb").splitlines()
    assert len(lines) == 1
    assert "endre-adresse-pa-faktura" in lines[0]
    assert "Endre adresse på faktura" in lines[0]
    assert "Rutiner" in _run("search", "faktura", "--staff")


def test_search_as_json_and_with_a_limit() -> None:
    rows = json.loads(_run("search", "pakke faktura", "--language", "nb", "--json"))
    assert [set(row) for row in rows] == [{"slug", "title", "language", "score"}] * 2
    assert rows[0]["score"] >= rows[1]["score"]
    assert len(json.loads(_run("search", "pakke faktura", "--limit", "1", "--json"))) == 1
    assert "No articles found." in _run("search", "ingenting")


def test_search_refuses_an_unknown_language_and_a_bad_limit() -> None:
    with pytest.raises(CommandError, match="Unknown language 'de'"):
        _run("search", "faktura", "--language", "de")
    with pytest.raises(CommandError, match="--limit"):
        _run("search", "faktura", "--limit", "0")


def test_evaluate_prints_recall_and_mrr(tmp_path: Path) -> None:
    questions = tmp_path / "nb.csv"
    questions.write_text(
        "question,title\n"
        "fakturaadresse,Endre adresse på faktura\n"
        "hvor er pakken min,Spor pakken din\n"
        "noe helt annet,Spor pakken din\n",
        encoding="utf-8",
    )
    out = _run("evaluate", str(questions), "--compare")
    assert "3 questions, language nb" in out
    lines = {line.split()[0]: line.split()[-4:] for line in out.splitlines()[2:]}
    assert lines["search"] == ["0.667", "0.667", "0.667", "0.667"]
    assert set(lines) == {"search", "no", "plain"}


def test_evaluate_says_what_is_wrong_with_the_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no file"):
        _run("evaluate", str(tmp_path / "nb.csv"))
    wrong = tmp_path / "nb.csv"
    wrong.write_text("query,answer\nfaktura,Endre\n", encoding="utf-8")
    with pytest.raises(CommandError, match="needs the columns question,title"):
        _run("evaluate", str(wrong))
    other = tmp_path / "questions.csv"
    other.write_text("question,title\nfaktura,Endre\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Unknown language 'questions'"):
        _run("evaluate", str(other))
    assert "1 questions, language nb" in _run("evaluate", str(other), "--language", "nb")


def test_reindex_rebuilds_the_index() -> None:
    assert _run("reindex").strip() == "Indexed 3 published translations."
