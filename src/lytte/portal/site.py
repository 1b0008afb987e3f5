"""The business as its customers see it on every portal page: its name, logo and colour, how to
reach a person, and the page in the portal's other languages (settings.PORTAL_*)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language_info

from lytte.portal.language import PREFIX, language_of
from lytte.sla.selectors import calendar_id_named, opening

HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")
DEFAULT_COLOUR = "#1f5f8b"
INK = "#1d2733"  # lytte.css's text colour
AA = 4.5  # WCAG 2.1 AA contrast for body text


@dataclass(frozen=True)
class Brand:
    name: str
    logo_url: str
    colour: str  # the header's background
    on_colour: str  # text on it: white or ink, whichever reads
    link_colour: str  # links on white: the colour when it reads, else ink


@dataclass(frozen=True)
class Contact:
    phone: str
    phone_href: str
    email: str
    hours: str
    write_url: str  # the portal's form for a new case, "" until it exists
    days: tuple[str, ...] = ()  # the calendar's coming holidays and eves, when it has one


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    current: bool
    translated: bool  # this page exists in that language (an alternate for search engines)


def _channels(hex_colour: str) -> tuple[float, float, float]:
    digits = hex_colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def luminance(hex_colour: str) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _logo(url: str) -> str:
    # Only this site's own files: a logo on another host is a third-party request on every page
    # (and the Content-Security-Policy's img-src would refuse it anyway).
    if url.startswith("/") and not url.startswith("//"):
        return url
    return ""


def brand() -> Brand:
    colour = settings.PORTAL_COLOR.strip()
    if not HEX_COLOUR.fullmatch(colour):
        colour = DEFAULT_COLOUR
    # White or black on it, whichever reads better: one of them always reaches 4.58:1.
    on_colour = (
        "#ffffff" if contrast(colour, "#ffffff") >= contrast(colour, "#000000") else "#000000"
    )
    link_colour = colour if contrast(colour, "#ffffff") >= AA else INK
    return Brand(
        settings.PORTAL_NAME, _logo(settings.PORTAL_LOGO_URL), colour, on_colour, link_colour
    )


def optional_url(name: str, **kwargs: str) -> str:
    """The path of a URL name, or "" while no part of the site serves it."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def contact(language: str) -> Contact:
    phone = settings.PORTAL_PHONE.strip()
    hours = settings.PORTAL_HOURS.strip()
    days: tuple[str, ...] = ()
    calendar_id = calendar_id_named(settings.PORTAL_CALENDAR.strip())
    shown = opening(calendar_id) if calendar_id is not None else None
    if shown is not None:
        hours, days = " · ".join(shown.week), tuple(shown.days)
    return Contact(
        phone=phone,
        phone_href="tel:" + re.sub(r"[^\d+]", "", phone) if phone else "",
        email=settings.PORTAL_EMAIL.strip(),
        hours=hours,
        write_url=optional_url("portal:new-case", lang=language),
        days=days,
    )


def language_links(path: str, query: str, alternates: dict[str, str] | None) -> list[LanguageLink]:
    """This page in each portal language: `alternates` (language → path) where a page has its own
    (an article's translations; a language without one leads to its home page), else the same
    path in the other language."""
    current = language_of(path) or settings.PORTAL_LANGUAGE
    rest = path[len(PREFIX) + len(current) :] if language_of(path) else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        name = get_language_info(code)["name_local"]
        if alternates is None:
            url, translated = f"{PREFIX}{code}{rest}" + (f"?{query}" if query else ""), True
        elif code in alternates:
            url, translated = alternates[code], True
        else:
            url, translated = f"{PREFIX}{code}/", False
        links.append(LanguageLink(code, name, url, code == current, translated))
    return links
