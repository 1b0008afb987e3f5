"""How one demo case unfolds: who got in touch on which channel, how the agents answered, and
whether it is still open, waiting for the customer, resolved or closed.

Older cases are mostly finished; the last few days' cases are still new, open or pending. A
case is only pending, resolved or closed when an agent has had the last word.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from lytte.cases.models import Channel, Direction, Status
from lytte.demo.timeline import CaseClock

LIVE = frozenset({Channel.PHONE, Channel.CHAT})
DONE = "done"  # resolved, or closed a few days after
CONTACT_COUNTS = (1, 2, 3, 4)
CONTACT_COUNT_WEIGHTS = (45, 30, 17, 8)
# (younger than, weights of new / open / pending / done)
STATUS_BY_AGE = (
    (timedelta(days=1), (45, 25, 10, 20)),
    (timedelta(days=3), (20, 25, 20, 35)),
    (timedelta(days=10), (4, 12, 15, 69)),
    (timedelta(days=30), (0, 4, 4, 92)),
    (timedelta.max, (0, 1, 1, 98)),
)
STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, DONE)
# How the agent answers, and the customer comes back, on each channel the case started on.
ANSWER_ON: dict[str, str] = {
    Channel.PHONE: Channel.PHONE,
    Channel.CHAT: Channel.EMAIL,
    Channel.WEB: Channel.EMAIL,
    Channel.EMAIL: Channel.EMAIL,
    Channel.FORUM: Channel.FORUM,
}
RETURN_ON: dict[str, str] = {
    Channel.PHONE: Channel.PHONE,
    Channel.CHAT: Channel.CHAT,
    Channel.WEB: Channel.EMAIL,
    Channel.EMAIL: Channel.EMAIL,
    Channel.FORUM: Channel.FORUM,
}


@dataclass(slots=True)
class Step:
    """One contact of the story; `kind` picks its text (opening, follow_up, reply, callback,
    note)."""

    channel: str
    direction: str
    kind: str
    started_at: datetime
    ended_at: datetime | None = None

    @property
    def finished_at(self) -> datetime:
        return self.ended_at or self.started_at

    @property
    def by_agent(self) -> bool:
        return self.direction != Direction.INBOUND or self.channel in LIVE


@dataclass(slots=True)
class Story:
    status: str
    steps: list[Step]
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None


def _minutes(value: float) -> timedelta:
    return timedelta(minutes=value)


def _step(rng: random.Random, channel: str, direction: str, kind: str, at: datetime) -> Step:
    if channel == Channel.PHONE:
        return Step(channel, direction, kind, at, at + _minutes(rng.triangular(1, 15, 4)))
    if channel == Channel.CHAT:
        return Step(channel, direction, kind, at, at + _minutes(rng.triangular(3, 25, 8)))
    return Step(channel, direction, kind, at)


def _next_step(
    rng: random.Random, clock: CaseClock, first: str, outbound: bool, after: datetime
) -> Step:
    if outbound:
        channel = ANSWER_ON[first]
        if channel == Channel.PHONE and rng.random() < 0.4:
            channel = Channel.EMAIL  # a confirmation by email after the call
        at = clock.at_work(after + _minutes(rng.triangular(5, 1800, 90)))
        kind = "callback" if channel == Channel.PHONE else "reply"
        return _step(rng, channel, Direction.OUTBOUND, kind, at)
    channel = RETURN_ON[first]
    if channel == Channel.CHAT and rng.random() < 0.5:
        channel = Channel.EMAIL
    at = after + _minutes(rng.triangular(30, 4320, 480))
    if channel in LIVE:
        at = clock.at_work(at)
    return _step(rng, channel, Direction.INBOUND, "follow_up", at)


def _status(rng: random.Random, age: timedelta) -> str:
    for younger_than, weights in STATUS_BY_AGE:
        if age < younger_than:
            return rng.choices(STATUSES, weights=weights)[0]
    return DONE


def _steps(
    rng: random.Random, clock: CaseClock, channel: str, opened: datetime, status: str
) -> list[Step]:
    steps = [_step(rng, channel, Direction.INBOUND, "opening", opened)]
    if status == Status.NEW:
        count = 2 if rng.random() < 0.15 else 1
    else:
        count = rng.choices(CONTACT_COUNTS, weights=CONTACT_COUNT_WEIGHTS)[0]
        if status != Status.OPEN and channel not in LIVE and count % 2:
            count += 1  # the agent has the last word on a pending or finished case
    while len(steps) < count:
        outbound = status != Status.NEW and len(steps) % 2 == 1
        step = _next_step(rng, clock, channel, outbound, steps[-1].finished_at)
        if step.started_at >= clock.now:
            break
        steps.append(step)
    return steps


def _add_note(rng: random.Random, clock: CaseClock, steps: list[Step]) -> None:
    """An internal note soon after the first contact, before anything else happened."""
    at = clock.at_work(steps[0].finished_at + _minutes(rng.triangular(2, 180, 20)))
    if at < clock.now and (len(steps) == 1 or at < steps[1].started_at):
        steps.insert(1, Step(Channel.NOTE, Direction.INTERNAL, "note", at))


def _finish(rng: random.Random, clock: CaseClock, story: Story) -> None:
    """Resolve (and later close) a finished case, if the clock allows; otherwise it stays open."""
    resolved = story.steps[-1].finished_at + _minutes(rng.triangular(1, 240, 10))
    if resolved >= clock.now:
        story.status = Status.OPEN
        return
    story.resolved_at = resolved
    closed = resolved + timedelta(days=rng.uniform(2, 8))
    if closed < clock.now and rng.random() < 0.9:
        story.status, story.closed_at = Status.CLOSED, closed
    else:
        story.status = Status.RESOLVED


def tell(rng: random.Random, clock: CaseClock, channel: str, opened: datetime) -> Story:
    """The contacts and status of a case a customer opened on `channel` at `opened`."""
    status = _status(rng, clock.now - opened)
    if status == Status.NEW and channel in LIVE:
        status = Status.OPEN  # a call or chat is answered as it happens
    steps = _steps(rng, clock, channel, opened, status)
    if status != Status.NEW and rng.random() < 0.1:
        _add_note(rng, clock, steps)
    story = Story(status=status, steps=steps)
    agent_spoke = [step for step in steps if step.by_agent and step.direction != Direction.INTERNAL]
    story.first_response_at = agent_spoke[0].started_at if agent_spoke else None
    last = steps[-1]
    if status in (Status.PENDING, DONE) and not (last.by_agent and agent_spoke):
        story.status = Status.OPEN  # the customer spoke last: it is the agents' turn again
    elif status == DONE:
        _finish(rng, clock, story)
    return story
