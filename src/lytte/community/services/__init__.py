"""Every write of the community: members and their display names (`members`), threads, replies
and edits (`posting`, each new post screened by `screening`), votes, "same problem" and accepted
answers (`reactions`), threads merged and split (`merging`), accepted answers made knowledge
drafts (`promotion`), flags and moderators' actions (`moderation`), unanswered questions made
cases (`escalation`), and erasure (`forget`)."""

from lytte.community.services.escalation import answer_from_desk, escalate_unanswered
from lytte.community.services.members import choose_display_name, member_of
from lytte.community.services.merging import merge, split
from lytte.community.services.moderation import (
    approve,
    dismiss_flags,
    flag,
    hide,
    lift_suspension,
    move,
    set_locked,
    suspend,
    unhide,
)
from lytte.community.services.posting import RateLimited, ask, edit, reply
from lytte.community.services.promotion import promote
from lytte.community.services.reactions import accept, pin, toggle_same_problem, toggle_vote

__all__ = [
    "RateLimited",
    "accept",
    "answer_from_desk",
    "approve",
    "ask",
    "choose_display_name",
    "dismiss_flags",
    "edit",
    "escalate_unanswered",
    "flag",
    "hide",
    "lift_suspension",
    "member_of",
    "merge",
    "move",
    "pin",
    "promote",
    "reply",
    "set_locked",
    "split",
    "suspend",
    "toggle_same_problem",
    "toggle_vote",
    "unhide",
]
