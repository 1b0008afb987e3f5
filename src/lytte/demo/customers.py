"""Demo organizations and customers: Nordic companies with a switchboard and an email domain,
and people with a mobile number and an email address of their own country.

Every address is stored exactly as `lytte.customers.addresses` normalises it (E.164 numbers,
lower-case ASCII emails and domains), so `identify()` finds them from any written form.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from faker import Faker

from lytte.customers.addresses import AddressKind
from lytte.customers.models import ContactPoint, Customer, Organization, fold
from lytte.demo.addresses import company_domain, private_email, unique_email, work_email
from lytte.demo.countries import COUNTRIES, COUNTRY_WEIGHTS, Country

BATCH = 2000
PEOPLE_PER_ORGANIZATION = 12
WORKS_FOR_ORGANIZATION = 0.6
SHARES_A_NUMBER = 0.04  # of people on their own: someone in their household has their number
SPEAKS_ENGLISH = 0.04
BRANDS = (
    "Nordlys",
    "Polar",
    "Fjellvind",
    "Aurora",
    "Skandi",
    "Viking",
    "Boreal",
    "Arktis",
    "Midnattsol",
    "Havbris",
    "Granskog",
    "Nordkapp",
)


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    pk: int
    first_name: str
    language: str
    country: str
    organization_id: int | None
    phone: str
    email: str


@dataclass
class TakenAddresses:
    """Addresses already in use, so new demo people never collide with earlier ones."""

    phones: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)

    @classmethod
    def from_database(cls) -> TakenAddresses:
        taken = cls()
        by_kind = {
            AddressKind.PHONE: taken.phones,
            AddressKind.EMAIL: taken.emails,
            AddressKind.DOMAIN: taken.domains,
        }
        for kind, value in ContactPoint.objects.values_list("kind", "value").iterator(10_000):
            by_kind[AddressKind(kind)].add(value)
        return taken

    def phone(self, rng: random.Random, country: Country, mobile: bool = True) -> str:
        while (number := country.phone_number(rng, mobile)) in self.phones:
            pass
        self.phones.add(number)
        return number


def countries_for(rng: random.Random, count: int) -> list[Country]:
    """Weighted by COUNTRY_WEIGHTS, but the first four cover every country."""
    codes = list(COUNTRY_WEIGHTS)
    drawn = rng.choices(codes, weights=list(COUNTRY_WEIGHTS.values()), k=max(0, count - 4))
    return [COUNTRIES[code] for code in (codes[:count] + drawn)]


def _company_name(rng: random.Random, country: Country, faker: Faker) -> str:
    trade = rng.choice(country.trades)
    style = rng.random()
    if style < 0.45:
        last = str(faker.last_name())
        base = f"{trade} {last}" if country.trade_first else f"{last} {trade}"
    elif style < 0.65:
        base = f"{rng.choice(country.cities)} {trade}"
    elif style < 0.85:
        base = f"{faker.last_name()} & {faker.last_name()}"
    else:
        base = f"{rng.choice(BRANDS)} {trade}"
    return f"{base} {rng.choice(country.company_suffixes)}"


def _organization(
    rng: random.Random, country: Country, faker: Faker, taken: TakenAddresses
) -> tuple[Organization, str]:
    for _attempt in range(10):
        name = _company_name(rng, country, faker)
        domain = company_domain(name, country.tld)
        if domain not in taken.domains:
            break
    number = 2
    label, _dot, tld = domain.rpartition(".")
    while domain in taken.domains:
        domain, number = f"{label}{number}.{tld}", number + 1
    taken.domains.add(domain)
    organization = Organization(
        name=name, name_folded=fold(name), org_number=country.org_number(rng)
    )
    return organization, domain


def load_organizations(
    rng: random.Random, fakers: dict[str, Faker], customers: int, taken: TakenAddresses
) -> dict[str, list[tuple[Organization, str]]]:
    """Organizations enough for the customers who work somewhere, per country (with domains)."""
    count = max(4, customers // PEOPLE_PER_ORGANIZATION) if customers else 0
    rows = [
        (country, *_organization(rng, country, fakers[country.code], taken))
        for country in countries_for(rng, count)
    ]
    Organization.objects.bulk_create([org for _c, org, _d in rows], batch_size=BATCH)
    points: list[ContactPoint] = []
    by_country: dict[str, list[tuple[Organization, str]]] = {code: [] for code in COUNTRIES}
    for country, org, domain in rows:
        by_country[country.code].append((org, domain))
        points.append(ContactPoint(kind=AddressKind.DOMAIN, value=domain, organization=org))
        phone = taken.phone(rng, country, mobile=False)
        points.append(ContactPoint(kind=AddressKind.PHONE, value=phone, organization=org))
    ContactPoint.objects.bulk_create(points, batch_size=BATCH)
    return by_country


class _Employers:
    """Draws a person's organization in their country; a few big ones employ many."""

    def __init__(self, rng: random.Random, by_country: dict[str, list[tuple[Organization, str]]]):
        self.rng = rng
        self.by_country = by_country
        self.weights = {
            code: list(accumulate(rng.paretovariate(1.2) for _ in orgs))
            for code, orgs in by_country.items()
        }

    def pick(self, country: str) -> tuple[Organization, str] | None:
        orgs = self.by_country.get(country)
        if not orgs or self.rng.random() >= WORKS_FOR_ORGANIZATION:
            return None
        return self.rng.choices(orgs, cum_weights=self.weights[country])[0]


@dataclass(slots=True)
class _Person:
    first_name: str
    last_name: str
    country: Country
    language: str
    employer: tuple[Organization, str] | None
    phone: str = ""
    email: str = ""


def _person(rng: random.Random, country: Country, faker: Faker, employers: _Employers) -> _Person:
    language = "en" if rng.random() < SPEAKS_ENGLISH else country.language
    return _Person(
        first_name=str(faker.first_name()),
        last_name=str(faker.last_name()),
        country=country,
        language=language,
        employer=employers.pick(country.code),
    )


def _give_addresses(
    rng: random.Random, person: _Person, households: dict[str, list[_Person]], taken: TakenAddresses
) -> None:
    home = households[person.country.code]
    if person.employer is None and home and rng.random() < SHARES_A_NUMBER:
        partner = rng.choice(home)
        person.last_name, person.phone = partner.last_name, partner.phone
    else:
        person.phone = taken.phone(rng, person.country)
        if person.employer is None:
            home.append(person)
    if person.employer is not None:
        email = work_email(person.first_name, person.last_name, person.employer[1])
    else:
        provider = rng.choice(person.country.mail_providers)
        email = private_email(rng, person.first_name, person.last_name, provider)
    person.email = unique_email(email, taken.emails, rng)


def _save_people(people: list[_Person]) -> list[DemoCustomer]:
    rows = [
        Customer(
            name=f"{p.first_name} {p.last_name}",
            name_folded=fold(f"{p.first_name} {p.last_name}"),
            organization=p.employer[0] if p.employer else None,
            language=p.language,
        )
        for p in people
    ]
    # bulk_create rather than create_customer(): see generate.py on why demo rows skip services.
    Customer.objects.bulk_create(rows, batch_size=BATCH)
    points = [
        ContactPoint(kind=kind, value=value, customer=row)
        for person, row in zip(people, rows, strict=True)
        for kind, value in ((AddressKind.PHONE, person.phone), (AddressKind.EMAIL, person.email))
    ]
    ContactPoint.objects.bulk_create(points, batch_size=BATCH)
    return [
        DemoCustomer(
            pk=row.pk,
            first_name=p.first_name,
            language=p.language,
            country=p.country.code,
            organization_id=row.organization_id,
            phone=p.phone,
            email=p.email,
        )
        for p, row in zip(people, rows, strict=True)
    ]


def load_customers(
    rng: random.Random,
    fakers: dict[str, Faker],
    count: int,
    organizations: dict[str, list[tuple[Organization, str]]],
    taken: TakenAddresses,
    progress: Callable[[int], None],
) -> list[DemoCustomer]:
    employers = _Employers(rng, organizations)
    households: dict[str, list[_Person]] = {code: [] for code in COUNTRIES}
    loaded: list[DemoCustomer] = []
    countries = countries_for(rng, count)
    for start in range(0, count, BATCH):
        people = []
        for country in countries[start : start + BATCH]:
            person = _person(rng, country, fakers[country.code], employers)
            _give_addresses(rng, person, households, taken)
            people.append(person)
        loaded += _save_people(people)
        progress(len(loaded))
    return loaded


def demo_fakers(seed: int) -> dict[str, Faker]:
    fakers: dict[str, Faker] = {}
    for offset, country in enumerate(COUNTRIES.values()):
        faker = Faker(country.faker_locale)
        faker.seed_instance(seed + offset)
        fakers[country.code] = faker
    return fakers
