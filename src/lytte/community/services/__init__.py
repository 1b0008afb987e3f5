"""Every write of the community: members and their display names (`members`), threads, replies
and edits (`posting`), votes, "same problem" and accepted answers (`reactions`), and erasure
(`forget`)."""

from lytte.community.services.members import choose_display_name, member_of
from lytte.community.services.posting import RateLimited, ask, edit, reply
from lytte.community.services.reactions import accept, toggle_same_problem, toggle_vote

__all__ = [
    "RateLimited",
    "accept",
    "ask",
    "choose_display_name",
    "edit",
    "member_of",
    "reply",
    "toggle_same_problem",
    "toggle_vote",
]
