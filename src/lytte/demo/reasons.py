"""Why demo customers get in touch: the seeded reasons, a few sub-reasons, and how often each
comes up (questions and invoices far more than praise), with a delivery spike to find."""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from lytte.cases.models import ContactReason
from lytte.cases.reasons import create_reason
from lytte.demo.texts import TEXTS

# code, parent, English, Norwegian Bokmål, Danish, Swedish, Finnish
SUB_REASONS = (
    (
        "wrong-amount",
        "invoice",
        "Wrong amount",
        "Feil beløp",
        "Forkert beløb",
        "Fel belopp",
        "Väärä summa",
    ),
    (
        "payment-deferral",
        "invoice",
        "Payment deferral",
        "Betalingsutsettelse",
        "Henstand",
        "Anstånd med betalning",
        "Maksun lykkäys",
    ),
    ("login", "fault", "Login", "Innlogging", "Login", "Inloggning", "Kirjautuminen"),
    (
        "app-error",
        "fault",
        "App or website",
        "App eller nettside",
        "App eller hjemmeside",
        "App eller webbplats",
        "Sovellus tai verkkosivu",
    ),
    (
        "delayed-delivery",
        "delivery",
        "Delayed delivery",
        "Forsinket levering",
        "Forsinket levering",
        "Försenad leverans",
        "Myöhästynyt toimitus",
    ),
)

# Relative frequency of each reason; a sub-reason takes its share from its parent's.
WEIGHTS: dict[str, float] = {
    "question": 19,
    "invoice": 9,
    "wrong-amount": 5,
    "payment-deferral": 2,
    "delivery": 8,
    "delayed-delivery": 5,
    "order": 11,
    "fault": 5,
    "login": 3,
    "app-error": 2,
    "account": 8,
    "complaint": 7,
    "cancellation": 6,
    "wrong-information": 4,
    "praise": 3,
    "other": 3,
}
SPIKE_REASONS = {"delivery": 4.0, "delayed-delivery": 6.0, "complaint": 1.5}
SPIKE_DAYS_AGO = range(18, 23)  # a week the carrier let everyone down
# And now: since this morning's app release customers cannot log in ("Rising now" shows it). A
# share of the cases, today, whatever the weekday or hour the demo is loaded (cases.OUTAGE_SHARE).
OUTAGE_REASON = "login"


@dataclass(frozen=True, slots=True)
class DemoReason:
    pk: int
    code: str
    root: str  # the top-level reason's code (routing goes by it)
    names: dict[str, str]  # language -> name

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


def ensure_sub_reasons() -> None:
    """Add the demo's sub-reasons under the seeded ones (where their parents exist)."""
    parents = {
        r.code: r for r in ContactReason.objects.filter(code__in={s[1] for s in SUB_REASONS})
    }
    for position, (code, parent_code, en, nb, da, sv, fi) in enumerate(SUB_REASONS, start=1):
        parent = parents.get(parent_code)
        if parent is None:
            continue
        if ContactReason.objects.filter(code=code).exists():
            continue
        create_reason(
            code=code,
            parent=parent,
            name=en,
            name_nb=nb,
            name_da=da,
            name_sv=sv,
            name_fi=fi,
            position=parent.position + position,
            created_by=None,
        )


def _demo_reason(reason: ContactReason, parents: dict[int, ContactReason]) -> DemoReason:
    root = reason
    while root.parent_id is not None and root.parent_id in parents:
        root = parents[root.parent_id]
    names = {"en": reason.name, "nb": reason.name_nb, "da": reason.name_da}
    names |= {"sv": reason.name_sv, "fi": reason.name_fi}
    return DemoReason(pk=reason.pk, code=reason.code, root=root.code, names=names)


class ReasonPicker:
    """Draws reasons by their weights; on spike days delivery trouble is far more common."""

    def __init__(self, rng: random.Random) -> None:
        every = {r.pk: r for r in ContactReason.objects.all()}
        usable = [
            r for r in every.values() if r.active and r.code in WEIGHTS and _has_texts(r.code)
        ]
        self.reasons = [_demo_reason(r, every) for r in sorted(usable, key=lambda r: r.code)]
        self._rng = rng
        normal = [WEIGHTS[r.code] for r in self.reasons]
        spike = [WEIGHTS[r.code] * SPIKE_REASONS.get(r.code, 1.0) for r in self.reasons]
        self._normal = list(accumulate(normal))
        self._spike = list(accumulate(spike))
        self._outage = next((r for r in self.reasons if r.code == OUTAGE_REASON), None)

    def pick(self, days_ago: int, *, outage: bool = False) -> DemoReason:
        if outage and self._outage is not None:
            return self._outage
        weights = self._spike if days_ago in SPIKE_DAYS_AGO else self._normal
        return self._rng.choices(self.reasons, cum_weights=weights)[0]


def _has_texts(code: str) -> bool:
    return all(code in language.reasons for language in TEXTS.values())
