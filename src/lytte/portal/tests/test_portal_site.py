"""The business's look: its colour is used only where text on it reads at WCAG AA contrast."""

from __future__ import annotations

import pytest

from lytte.portal.site import DEFAULT_COLOUR, INK, brand, contrast

# portal.css's text colours and the backgrounds they are read on.
PAIRS = [
    (INK, "#f6f7f9"),  # text on the page
    ("#4f5b69", "#ffffff"),  # muted text on a card
    ("#4f5b69", "#f6f7f9"),  # muted text on the page
    ("#a4262c", "#ffffff"),  # errors
    (DEFAULT_COLOUR, "#ffffff"),  # links and buttons in the default colour
    (DEFAULT_COLOUR, "#f6f7f9"),
]


@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_the_default_colours_read_at_aa_contrast(text: str, background: str) -> None:
    assert contrast(text, background) >= 4.5


@pytest.mark.parametrize(
    "colour", ["#1f5f8b", "#ffd200", "#e30613", "#00a651", "#777777", "#000", "#fff"]
)
def test_any_brand_colour_gets_text_and_links_that_read(colour: str, settings: object) -> None:
    settings.PORTAL_COLOR = colour  # type: ignore[attr-defined]
    chosen = brand()
    assert contrast(chosen.on_colour, chosen.colour) >= 4.5
    assert contrast(chosen.link_colour, "#ffffff") >= 4.5
