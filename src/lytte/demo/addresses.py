"""Email domains and addresses made from Nordic names, the way people and companies pick them."""

from __future__ import annotations

import random
import re
import unicodedata

# How Nordic letters are usually written in addresses, before any other accent is dropped.
_NORDIC_ASCII = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "aa", "ä": "a", "ö": "o", "ü": "u", "é": "e", "ß": "ss"}
)
_NOT_ADDRESS = re.compile(r"[^a-z0-9]+")
COMPANY_SUFFIXES = frozenset({"as", "asa", "aps", "a/s", "ab", "oy", "oyj", "ans", "hb"})


def ascii_fold(text: str) -> str:
    """Lower-case ASCII: "Åse Bråten" -> "aase braaten", "Mäkinen" -> "makinen"."""
    folded = text.lower().translate(_NORDIC_ASCII)
    decomposed = unicodedata.normalize("NFKD", folded)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def _words(text: str) -> list[str]:
    return [word for word in _NOT_ADDRESS.split(ascii_fold(text)) if word]


def company_domain(name: str, tld: str) -> str:
    """ "Møller & Søn ApS" -> "moller-son.dk": the name without its company-form suffix."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in COMPANY_SUFFIXES:
        words.pop()
    label = "-".join(_words(" ".join(words))) or "firma"
    return f"{label}.{tld}"


def work_email(first_name: str, last_name: str, domain: str) -> str:
    return f"{'.'.join(_words(first_name))}.{'.'.join(_words(last_name))}@{domain}"


def private_email(rng: random.Random, first_name: str, last_name: str, provider: str) -> str:
    """One of the forms people choose at a free provider: kari.hansen, karihansen85, k.hansen."""
    first = "".join(_words(first_name)) or "post"
    last = "".join(_words(last_name)) or "post"
    style = rng.randrange(6)
    if style == 0:
        local = f"{first}{last}"
    elif style == 1:
        local = f"{first}.{last}{rng.randrange(60, 100)}"
    elif style == 2:
        local = f"{first[0]}.{last}"
    elif style == 3:
        local = f"{first}_{last}"
    else:
        local = f"{first}.{last}"
    return f"{local}@{provider}"


def unique_email(email: str, taken: set[str], rng: random.Random) -> str:
    """The address, or a numbered variant of it, that nobody else has yet; remembers it."""
    candidate = email
    local, _at, domain = email.partition("@")
    while candidate in taken:
        candidate = f"{local}{rng.randrange(2, 1000)}@{domain}"
    taken.add(candidate)
    return candidate
