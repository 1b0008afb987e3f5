"""Reputation and badges (issue 16), read from what members did, not stored: an accepted answer
is worth ACCEPTED points, a vote for one of their replies VOTE point; both count only while the
post is public and not erased. Badges thank helpers at a few thresholds."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lytte.community.models import Member, PostState, Thread, Vote

ACCEPTED = 10
VOTE = 1


@dataclass(frozen=True)
class Badge:
    code: str
    name: Promise
    description: Promise


# (code, what counts, at least)
BADGES: list[tuple[Badge, str, int]] = [
    (Badge("helper", _("Helper"), _("Gave an accepted answer.")), "accepted", 1),
    (Badge("solver", _("Problem solver"), _("Gave 10 accepted answers.")), "accepted", 10),
    (Badge("liked", _("Well liked"), _("Got 10 votes for replies.")), "votes", 10),
    (Badge("expert", _("Expert"), _("Gave 50 accepted answers.")), "accepted", 50),
]


@dataclass(frozen=True)
class Standing:
    accepted: int
    votes: int
    badges: list[Badge]

    @property
    def reputation(self) -> int:
        return self.accepted * ACCEPTED + self.votes * VOTE


def standing(member: Member) -> Standing:
    accepted = Thread.objects.filter(
        accepted__author=member,
        accepted__state=PostState.VISIBLE,
        accepted__erased_at__isnull=True,
        listed=True,
    ).count()
    votes = Vote.objects.filter(
        post__author=member, post__state=PostState.VISIBLE, post__erased_at__isnull=True
    ).count()
    counts = {"accepted": accepted, "votes": votes}
    badges = [badge for badge, what, least in BADGES if counts[what] >= least]
    return Standing(accepted=accepted, votes=votes, badges=badges)
