"""`lytte reasons import`: labelled history from an earlier system, with every rejected row
reported and why."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lytte.cases.models import ContactReason
from lytte.insights.models import LabelledText


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("reasons", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_good_rows_are_imported_and_bad_ones_reported_by_line(db: None, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(
        "text,reason,language,created,channel\n"
        "kunde ringer ang faktura feil beløp,invoice,nb,2025-03-31,phone\n"
        '"Hej, min pakke er ikke kommet",Levering,da,2025-04-01T09:30,email\n'
        "laskussa on virhe,Lasku/maksu,fi,,chat\n"
        ",invoice,nb,,\n"
        "noe helt annet,no-such-reason,nb,,\n"
        "feil dato,invoice,nb,31.03.2025,\n"
        "feil kanal,invoice,nb,,telegram\n"
        "feil språk,invoice,de,,\n",
        encoding="utf-8",
    )

    out, err = run("import", str(path))

    assert "Imported 3 text(s)" in out
    assert "line 5: empty text" in err
    assert "line 6: unknown reason 'no-such-reason' (add --create-reasons to create it)" in err
    assert "line 7: created '31.03.2025' is not a date" in err
    assert "line 8: unknown channel 'telegram'" in err
    assert "line 9: unknown language 'de'" in err
    imported = {
        text.text: text.reason.code for text in LabelledText.objects.select_related("reason")
    }
    assert imported == {
        "kunde ringer ang faktura feil beløp": "invoice",
        "Hej, min pakke er ikke kommet": "delivery",  # found by its Danish name
        "laskussa on virhe": "invoice",  # and by its Finnish one
    }


def test_unknown_reasons_are_created_when_asked(db: None, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("text,reason\nvil bytte strømavtale,Strømavtale\n", encoding="utf-8")

    out, _err = run("import", str(path), "--create-reasons")

    assert "Created reason 'Strømavtale'" in out
    reason = ContactReason.objects.get(name="Strømavtale")
    assert reason.code == "strømavtale" or reason.code.startswith("str")
    assert LabelledText.objects.get().reason == reason


def test_unknown_columns_reject_the_whole_file_with_a_sentence(db: None, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("text,reason,kategori\nhei,invoice,x\n", encoding="utf-8")

    with pytest.raises(
        CommandError, match=r"unknown column\(s\): kategori \(allowed: text, reason"
    ):
        run("import", str(path))

    assert LabelledText.objects.count() == 0


def test_a_missing_column_rejects_the_file(db: None, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text("text,language\nhei,nb\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"missing column\(s\): reason"):
        run("import", str(path))


def test_a_row_that_is_not_utf8_is_rejected_and_the_rest_imported(db: None, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_bytes(
        b"text,reason\n"
        + b"fakturaen er feil,invoice\n"
        + '"pakken kom aldri, sa Bjørn",delivery\n'.encode("latin-1")
    )
    out, err = run("import", str(path))

    assert "Imported 1 text(s)" in out
    assert "line 3: not valid UTF-8 (save the file as UTF-8)" in err


def test_a_file_that_does_not_exist_is_a_sentence_not_a_traceback(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot be read"):
        run("import", str(tmp_path / "mangler.csv"))
