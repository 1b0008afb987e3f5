"""The four Nordic countries demo customers live in: their names, numbers, companies and money.

Phone numbers come from each country's real mobile and landline ranges and are checked with
`phonenumbers`, so every stored number is one `normalise_phone` would accept and produce.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers


def _kroner(amount: int) -> str:
    return f"{amount:,} kr".replace(",", " ")


def _danish_kroner(amount: int) -> str:
    return f"{amount:,} kr.".replace(",", ".")


def _euro(amount: int) -> str:
    # Finnish prices are lower in euros than in kroner; cents make them look like real bills.
    euros, cents = divmod(amount * 11, 100)
    return f"{euros},{cents:02d} €"


def _norwegian_org_number(rng: random.Random) -> str:
    """A 9-digit number from the Brønnøysund register's range, with its modulus-11 check digit."""
    while True:
        digits = [9, *(rng.randrange(10) for _ in range(7))]
        remainder = sum(d * w for d, w in zip(digits, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        check = (11 - remainder) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _cvr_number(rng: random.Random) -> str:
    """A Danish CVR number: 8 digits whose weighted sum is divisible by 11."""
    while True:
        digits = [rng.randrange(1, 10), *(rng.randrange(10) for _ in range(6))]
        remainder = sum(d * w for d, w in zip(digits, (2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        check = (11 - remainder) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def _swedish_org_number(rng: random.Random) -> str:
    """An aktiebolag's number (556xxx-xxxx) with its Luhn check digit."""
    digits = [5, 5, 6, *(rng.randrange(10) for _ in range(6))]
    total = 0
    for position, digit in enumerate(digits):
        doubled = digit * 2 if position % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    text = "".join(map(str, digits)) + str((10 - total % 10) % 10)
    return f"{text[:6]}-{text[6:]}"


def _finnish_business_id(rng: random.Random) -> str:
    """A Y-tunnus: 7 digits, a dash and a modulus-11 check digit."""
    while True:
        digits = [rng.randrange(1, 10), *(rng.randrange(10) for _ in range(6))]
        remainder = sum(d * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        if remainder != 1:
            check = 0 if remainder == 0 else 11 - remainder
            return "".join(map(str, digits)) + f"-{check}"


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 region, as phonenumbers names it
    language: str
    faker_locale: str
    calling_code: int
    tld: str
    # (prefix, digits in the national number) of mobile and switchboard ranges
    mobile_ranges: tuple[tuple[str, int], ...]
    landline_ranges: tuple[tuple[str, int], ...]
    mail_providers: tuple[str, ...]
    cities: tuple[str, ...]
    trades: tuple[str, ...]
    company_suffixes: tuple[str, ...]  # the first is by far the most common
    trade_first: bool  # "Rakennus Nieminen Oy" rather than "Nieminen Rakennus Oy"
    org_number: Callable[[random.Random], str]
    money: Callable[[int], str]

    def phone_number(self, rng: random.Random, mobile: bool = True) -> str:
        """A valid number in E.164, from a real mobile range (or a switchboard range)."""
        ranges = self.mobile_ranges if mobile else self.landline_ranges
        while True:
            prefix, length = rng.choice(ranges)
            rest = "".join(str(rng.randrange(10)) for _ in range(length - len(prefix)))
            national = int(prefix + rest)
            number = phonenumbers.PhoneNumber(
                country_code=self.calling_code, national_number=national
            )
            if phonenumbers.is_valid_number(number):
                return f"+{self.calling_code}{national}"


NORWAY = Country(
    code="NO",
    language="nb",
    faker_locale="no_NO",
    calling_code=47,
    tld="no",
    mobile_ranges=(("4", 8), ("9", 8)),
    landline_ranges=(("22", 8), ("23", 8), ("55", 8), ("73", 8), ("51", 8), ("38", 8)),
    mail_providers=(
        "gmail.com",
        "gmail.com",
        "hotmail.com",
        "online.no",
        "outlook.com",
        "live.no",
        "icloud.com",
        "yahoo.no",
    ),
    cities=(
        "Oslo",
        "Bergen",
        "Trondheim",
        "Stavanger",
        "Tromsø",
        "Drammen",
        "Kristiansand",
        "Fredrikstad",
        "Bodø",
        "Ålesund",
        "Hamar",
        "Lillehammer",
        "Molde",
        "Haugesund",
        "Sandnes",
        "Gjøvik",
        "Larvik",
        "Skien",
        "Arendal",
        "Harstad",
    ),
    trades=(
        "Elektro",
        "Bygg",
        "Rør",
        "Regnskap",
        "Eiendom",
        "Transport",
        "Maskin",
        "Data",
        "Bilservice",
        "Catering",
        "Blomster",
        "Maling",
        "Consult",
        "Marine",
        "Sjømat",
        "Energi",
        "Reklame",
        "Sport",
        "Tannklinikk",
        "Trelast",
    ),
    company_suffixes=("AS", "AS", "AS", "AS", "ASA"),
    trade_first=False,
    org_number=_norwegian_org_number,
    money=_kroner,
)

DENMARK = Country(
    code="DK",
    language="da",
    faker_locale="da_DK",
    calling_code=45,
    tld="dk",
    mobile_ranges=(
        ("2", 8),
        ("30", 8),
        ("31", 8),
        ("40", 8),
        ("41", 8),
        ("42", 8),
        ("50", 8),
        ("51", 8),
        ("52", 8),
        ("53", 8),
        ("60", 8),
        ("61", 8),
        ("71", 8),
        ("81", 8),
        ("91", 8),
        ("93", 8),
    ),
    landline_ranges=(("33", 8), ("35", 8), ("36", 8), ("86", 8), ("66", 8), ("98", 8), ("70", 8)),
    mail_providers=(
        "gmail.com",
        "gmail.com",
        "hotmail.com",
        "outlook.dk",
        "live.dk",
        "mail.dk",
        "yahoo.dk",
        "icloud.com",
    ),
    cities=(
        "København",
        "Aarhus",
        "Odense",
        "Aalborg",
        "Esbjerg",
        "Randers",
        "Kolding",
        "Horsens",
        "Vejle",
        "Roskilde",
        "Herning",
        "Silkeborg",
        "Næstved",
        "Viborg",
        "Holbæk",
        "Køge",
    ),
    trades=(
        "El-service",
        "Byg",
        "VVS",
        "Revision",
        "Ejendomme",
        "Transport",
        "Maskiner",
        "IT",
        "Auto",
        "Catering",
        "Blomster",
        "Malerfirma",
        "Rådgivning",
        "Energi",
        "Møbler",
        "Tømrer",
        "Tandklinik",
        "Fisk",
    ),
    company_suffixes=("ApS", "A/S", "ApS", "A/S"),
    trade_first=False,
    org_number=_cvr_number,
    money=_danish_kroner,
)

SWEDEN = Country(
    code="SE",
    language="sv",
    faker_locale="sv_SE",
    calling_code=46,
    tld="se",
    mobile_ranges=(("70", 9), ("72", 9), ("73", 9), ("76", 9)),
    landline_ranges=(("8", 9), ("31", 9), ("40", 8), ("18", 8), ("90", 8)),
    mail_providers=(
        "gmail.com",
        "gmail.com",
        "hotmail.com",
        "telia.com",
        "outlook.com",
        "live.se",
        "icloud.com",
        "yahoo.se",
        "bredband.net",
    ),
    cities=(
        "Stockholm",
        "Göteborg",
        "Malmö",
        "Uppsala",
        "Västerås",
        "Örebro",
        "Linköping",
        "Helsingborg",
        "Jönköping",
        "Norrköping",
        "Lund",
        "Umeå",
        "Gävle",
        "Borås",
        "Sundsvall",
        "Luleå",
    ),
    trades=(
        "El",
        "Bygg",
        "VVS",
        "Redovisning",
        "Fastigheter",
        "Transport",
        "Maskin",
        "IT-konsult",
        "Bil",
        "Catering",
        "Måleri",
        "Konsult",
        "Energi",
        "Trä",
        "Tandvård",
        "Städ",
    ),
    company_suffixes=("AB",),
    trade_first=False,
    org_number=_swedish_org_number,
    money=_kroner,
)

FINLAND = Country(
    code="FI",
    language="fi",
    faker_locale="fi_FI",
    calling_code=358,
    tld="fi",
    mobile_ranges=(("40", 9), ("41", 9), ("44", 9), ("45", 9), ("46", 9), ("50", 9)),
    landline_ranges=(("9", 8), ("9", 9), ("2", 9), ("3", 9), ("8", 9), ("14", 9)),
    mail_providers=(
        "gmail.com",
        "gmail.com",
        "hotmail.com",
        "yahoo.fi",
        "outlook.com",
        "luukku.com",
        "elisanet.fi",
        "hotmail.fi",
    ),
    cities=(
        "Helsinki",
        "Espoo",
        "Tampere",
        "Vantaa",
        "Oulu",
        "Turku",
        "Jyväskylä",
        "Lahti",
        "Kuopio",
        "Pori",
        "Joensuu",
        "Lappeenranta",
        "Hämeenlinna",
        "Vaasa",
        "Rovaniemi",
    ),
    trades=(
        "Sähkö",
        "Rakennus",
        "LVI",
        "Tilitoimisto",
        "Kiinteistöt",
        "Kuljetus",
        "Kone",
        "IT",
        "Auto",
        "Catering",
        "Maalaus",
        "Konsultointi",
        "Energia",
        "Puu",
        "Hammaslääkärit",
        "Siivous",
    ),
    company_suffixes=("Oy", "Oy", "Oy", "Oyj"),
    trade_first=True,
    org_number=_finnish_business_id,
    money=_euro,
)

COUNTRIES: dict[str, Country] = {c.code: c for c in (NORWAY, DENMARK, SWEDEN, FINLAND)}
# Share of demo customers per country, roughly like a Norwegian business with Nordic customers.
COUNTRY_WEIGHTS: dict[str, int] = {"NO": 40, "SE": 25, "DK": 20, "FI": 15}
