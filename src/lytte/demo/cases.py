"""Demo cases and contacts, written in bulk: who, why, which team and agent, and what was said.

Subjects and texts are in the customer's language and match the case's reason; a handful of
customers get in touch far more often than the rest.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, Contact, Direction, Priority
from lytte.cases.services import reserve_case_numbers
from lytte.demo.countries import COUNTRIES
from lytte.demo.customers import DemoCustomer
from lytte.demo.open_cases import spread_recent_cases
from lytte.demo.reasons import DemoReason, ReasonPicker
from lytte.demo.staff import Staffing
from lytte.demo.stories import Step, Story, tell
from lytte.demo.texts import TEXTS, LanguageTexts
from lytte.demo.timeline import CaseClock, Opening

BATCH = 2000
OUTAGE_SHARE = 0.012  # of the cases: today's login trouble, some 18 of the 1,500 `make run` loads
CHANNEL_WEIGHTS = {
    Channel.PHONE: 45,
    Channel.EMAIL: 25,
    Channel.CHAT: 15,
    Channel.WEB: 10,
    Channel.FORUM: 5,
}
PRIORITIES = (Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT)
PRIORITY_WEIGHTS = {"complaint": (2, 70, 22, 6), "fault": (2, 72, 20, 6)}
USUAL_PRIORITY_WEIGHTS = (8, 84, 7, 1)
HOME_TEAMS = {"NO": "service", "DK": "denmark", "SE": "sweden", "FI": "finland"}
SPECIALISTS_SERVE = frozenset({"NO", "DK", "SE"})
# Share of cases with a reason set, by status: agents categorise at the latest when resolving.
REASON_SET = {"new": 0.25, "open": 0.75, "pending": 0.75}


@dataclass(frozen=True)
class CaseParty:
    """Who a case is between: the customer, and the team and agent working it."""

    customer: DemoCustomer
    reason: DemoReason
    team: Team
    handlers: Sequence[User]  # the team's agents
    assignee: User
    placeholders: dict[str, str]  # one order number, invoice and amount for the whole case


def _route(rng: random.Random, customer: DemoCustomer, reason: DemoReason) -> str:
    """Scandinavians' invoices, faults and business matters go to the specialist teams, which
    read all three languages; Finnish customers stay with the Finnish team."""
    if customer.country not in SPECIALISTS_SERVE:
        return HOME_TEAMS[customer.country]
    if reason.root == "invoice" and rng.random() < 0.55:
        return "billing"
    if reason.root == "fault" and rng.random() < 0.6:
        return "technical"
    if customer.organization_id is not None and rng.random() < 0.25:
        return "business"
    return HOME_TEAMS[customer.country]


def _text(rng: random.Random, texts: LanguageTexts, reason: str, step: Step, said: set[str]) -> str:
    """A text for the step that was not already said on the case (where there is another)."""
    phrases = texts.reasons[reason]
    if step.kind in ("opening", "follow_up") and step.channel == Channel.PHONE:
        choices = phrases.notes
    elif step.kind == "opening":
        choices = phrases.messages
    else:
        by_kind = {
            "follow_up": texts.follow_ups,
            "reply": texts.replies,
            "callback": texts.callbacks,
        }
        choices = by_kind.get(step.kind, texts.internal_notes)
    text = rng.choice(choices)
    for _attempt in range(3):
        if text not in said:
            break
        text = rng.choice(choices)
    said.add(text)
    return text


def _address(customer: DemoCustomer, channel: str) -> str:
    if channel == Channel.PHONE:
        return customer.phone
    return "" if channel == Channel.NOTE else customer.email


def _external_id(number: int, index: int, channel: str) -> str | None:
    """What the channel would call it: a call id, a Message-ID, a chat session."""
    if channel == Channel.PHONE:
        return f"demo-call-{number}-{index}"
    if channel == Channel.EMAIL:
        return f"<demo.{number}.{index}@lytte.invalid>"
    if channel == Channel.CHAT:
        return f"demo-chat-{number}-{index}"
    return None


def _placeholders(rng: random.Random, customer: DemoCustomer, reason: DemoReason) -> dict[str, str]:
    return {
        "first": customer.first_name,
        "order": str(rng.randrange(1_000_000, 9_999_999)),
        "invoice": str(rng.randrange(10_000_000, 99_999_999)),
        "amount": COUNTRIES[customer.country].money(rng.randrange(149, 4999)),
        "topic": reason.name(customer.language).lower(),
    }


def _contacts(rng: random.Random, case: Case, story: Story, party: CaseParty) -> list[Contact]:
    texts = TEXTS[party.customer.language]
    contacts = []
    said: set[str] = set()
    for index, step in enumerate(story.steps):
        handler = party.assignee if rng.random() < 0.85 else rng.choice(party.handlers)
        body = _text(rng, texts, party.reason.code, step, said)
        contacts.append(
            Contact(
                case=case,
                customer_id=party.customer.pk,
                channel=step.channel,
                direction=step.direction,
                external_id=_external_id(case.number, index, step.channel),
                address=_address(party.customer, step.channel),
                body=body.format(**party.placeholders, agent=handler.first_name),
                reason_id=case.reason_id if step.direction != Direction.INTERNAL else None,
                started_at=step.started_at,
                ended_at=step.ended_at,
                handled_by=handler if step.by_agent else None,
            )
        )
    return contacts


def _case(rng: random.Random, number: int, story: Story, party: CaseParty) -> Case:
    texts = TEXTS[party.customer.language]
    first = story.steps[0]
    weights = PRIORITY_WEIGHTS.get(party.reason.root, USUAL_PRIORITY_WEIGHTS)
    has_reason = rng.random() < REASON_SET.get(story.status, 1.0)
    assigned = story.status != "new" or rng.random() < 0.2
    subject = rng.choice(texts.reasons[party.reason.code].subjects)
    return Case(
        number=number,
        subject=subject.format(**party.placeholders)[:200],
        status=story.status,
        priority=rng.choices(PRIORITIES, weights=weights)[0],
        channel=first.channel,
        customer_id=party.customer.pk,
        organization_id=party.customer.organization_id,
        assignee=party.assignee if assigned else None,
        team=party.team,
        reason_id=party.reason.pk if has_reason else None,
        created_by=party.assignee if first.by_agent else None,
        created_at=first.started_at,
        first_response_at=story.first_response_at,
        resolved_at=story.resolved_at,
        closed_at=story.closed_at,
    )


# How much more often than most the keenest customers get in touch. Uncapped, one customer of
# a small demo could open a third of its cases and make half of all contacts repeats.
MOST_FREQUENT = 12.0


def _frequencies(rng: random.Random, customers: Sequence[DemoCustomer]) -> list[float]:
    """Cumulative weights: a few customers are in touch again and again; most once or twice."""
    return list(accumulate(min(rng.paretovariate(1.3), MOST_FREQUENT) for _ in customers))


@dataclass(frozen=True)
class CaseLoad:
    cases: int
    contacts: int


class CaseWriter:
    """Plans and writes demo cases in batches, numbered in the order they were opened."""

    def __init__(
        self, rng: random.Random, clock: CaseClock, staffing: Staffing, reasons: ReasonPicker
    ) -> None:
        self.rng, self.clock, self.staffing, self.reasons = rng, clock, staffing, reasons

    def _party(self, customer: DemoCustomer, opening: Opening) -> CaseParty:
        reason = self.reasons.pick(opening.days_ago, outage=opening.outage)
        team_key = _route(self.rng, customer, reason)
        handlers = self.staffing.handlers[team_key]
        return CaseParty(
            customer=customer,
            reason=reason,
            team=self.staffing.teams[team_key],
            handlers=handlers,
            assignee=self.rng.choice(handlers),
            placeholders=_placeholders(self.rng, customer, reason),
        )

    def _openings(self, count: int) -> list[Opening]:
        """When each case opened, in order; the last `OUTAGE_SHARE` of them today, about the
        outage, so "Rising now" has something to show on any day at any hour."""
        channels = self.rng.choices(
            list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()), k=count
        )
        outage = round(count * OUTAGE_SHARE)
        days = self.clock.days_ago(count - outage)
        usual = [
            Opening(self.clock.opened_at(ago, channel), ago, channel)
            for ago, channel in zip(days, channels, strict=False)
        ]
        today = [
            Opening(self.clock.outage_moment(), 0, channel, outage=True)
            for channel in channels[len(usual) :]
        ]
        return sorted(usual + today)

    def _write_batch(self, batch: list[tuple[int, Opening, DemoCustomer]]) -> int:
        cases: list[Case] = []
        contacts: list[Contact] = []
        for number, opening, customer in batch:
            party = self._party(customer, opening)
            story = tell(self.rng, self.clock, opening.channel, opening.at)
            case = _case(self.rng, number, story, party)
            cases.append(case)
            contacts += _contacts(self.rng, case, story, party)
        # Straight to bulk_create, not open_case()/log_contact(): per-row services (audit, push)
        # would take hours for a benchmark-sized demo, and demo rows need neither.
        Case.objects.bulk_create(cases, batch_size=BATCH)
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        return len(contacts)

    def write(
        self, count: int, customers: list[DemoCustomer], progress: Callable[[int], None]
    ) -> CaseLoad:
        if not count:
            return CaseLoad(cases=0, contacts=0)
        who = self.rng.choices(customers, cum_weights=_frequencies(self.rng, customers), k=count)
        openings = self._openings(count)
        who = spread_recent_cases(self.rng, who, openings, customers)
        numbers = reserve_case_numbers(count)
        contacts = 0
        for start in range(0, count, BATCH):
            end = min(start + BATCH, count)
            contacts += self._write_batch(
                [(numbers[i], openings[i], who[i]) for i in range(start, end)]
            )
            progress(end)
        return CaseLoad(cases=count, contacts=contacts)
