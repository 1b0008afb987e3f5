"""A post's Markdown as the notification mail's plain text (decision 56)."""

from __future__ import annotations

import pytest

from lytte.community.plaintext import plain_text


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Jeg har **ikke** fått _fakturaen_ ~~i dag~~.", "Jeg har ikke fått fakturaen i dag."),
        ("Se [siden](https://x.example/a) og <https://y.example>", "Se siden og https://y.example"),
        ("# Tittel\n\nTekst", "Tittel\n\nTekst"),
        ("- en\n- to\n\n1. første\n2. andre", "• en\n• to\n\n1. første\n2. andre"),
        ("> **Kari** skrev:\n> Hei\n\nSvar", "> Kari skrev:\n> Hei\n\nSvar"),
        ("Kjør `lytte check`:\n\n```\nlytte check\n```", "Kjør lytte check:\n\nlytte check"),
        ("Ikke \\*stjerne\\* &amp; <b>fet</b>", "Ikke *stjerne* & <b>fet</b>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a   b\n1   2"),
    ],
)
def test_markdown_becomes_its_text(markdown: str, text: str) -> None:
    assert plain_text(markdown) == text


def test_an_image_is_its_description() -> None:
    assert plain_text("Slik:\n\n![Feil *42*](/help/community/images/3/a.png)") == (
        "Slik:\n\n[image: Feil 42]"
    )
