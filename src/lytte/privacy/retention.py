"""What retention removes, kind by kind: a small registry, so another kind of data (the access
log, say) is one `register` call with its default age, a finder and a purger (decision 20).

A finder returns, for a cut-off, the sets of rows past it that still hold what the kind removes,
leaving out everything a legal hold covers; the purger removes that from those rows and returns
how many it changed or deleted. Rows that rollups count are scrubbed, never deleted."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import SignInThrottle
from lytte.audit.models import AuditEvent
from lytte.audit.selectors import expired_access_records
from lytte.cases.models import Case, Channel, Contact, Status
from lytte.chat.models import Conversation
from lytte.chat.services.forget import forget_conversations
from lytte.community.services import retention as community
from lytte.feedback.comments import forget_comments
from lytte.feedback.models import Survey
from lytte.knowledge.models import SearchQuery
from lytte.mail.models import Attachment, InboundMessage, OutboundMessage
from lytte.phone.models import Call
from lytte.privacy.attachments import strip_attachments
from lytte.privacy.services.holds import held_case_ids, held_customer_ids
from lytte.privacy.services.scrub import (
    forget_message_ids,
    placeholder_mime,
    replace_subjects,
    scrub_admin_log,
    scrub_audit,
    scrub_calls,
    scrub_contacts,
    scrub_messages,
    stored_text,
)

Rows = Sequence[QuerySet[Any]]


@dataclass(frozen=True)
class RetentionKind:
    kind: str
    label: Promise
    default_days: int
    expired: Callable[[datetime], Rows]
    purge: Callable[[Rows], int]

    @property
    def days(self) -> int:
        """From LYTTE_RETENTION_<KIND>_DAYS (settings.RETENTION_DAYS); 0 keeps for ever."""
        return int(getattr(settings, "RETENTION_DAYS", {}).get(self.kind, self.default_days))


KINDS: dict[str, RetentionKind] = {}


def register(kind: RetentionKind) -> RetentionKind:
    KINDS[kind.kind] = kind
    return kind


def removed_raw() -> bytes:
    """What a purged raw message is replaced by (also how a purged one is told apart)."""
    return placeholder_mime(stored_text(_("This message was removed.")))


def _not_held(rows: QuerySet[Any], case: str = "case") -> QuerySet[Any]:
    return rows.exclude(**{f"{case}__in": held_case_ids()})


def _expired_bodies(cutoff: datetime) -> Rows:
    raw = removed_raw()
    return [
        _not_held(InboundMessage.objects.filter(received_at__lt=cutoff).exclude(raw=raw)),
        _not_held(OutboundMessage.objects.filter(created_at__lt=cutoff).exclude(raw=raw)),
        _not_held(
            Contact.objects.filter(
                channel__in=(Channel.EMAIL, Channel.CHAT), started_at__lt=cutoff
            ).exclude(body="")
        ),
        _not_held(Conversation.objects.filter(ended_at__lt=cutoff, forgotten_at__isnull=True)),
    ]


def _purge_bodies(rows: Rows) -> int:
    inbound, outbound, contacts, chats = rows
    # Sender and subject stay: the message is still listed on its case, its text is gone.
    return (
        scrub_messages(inbound, outbound, headers=False)
        + scrub_contacts(contacts, addresses=False)
        + forget_conversations(chats)
    )


def _expired_attachments(cutoff: datetime) -> Rows:
    return [_not_held(Attachment.objects.filter(message__received_at__lt=cutoff), "message__case")]


def _purge_attachments(rows: Rows) -> int:
    (attachments,) = rows
    return strip_attachments(attachments)


def _expired_calls(cutoff: datetime) -> Rows:
    numbered = ~Q(caller="") | ~Q(from_number="") | ~Q(to_number="")
    calls = Call.objects.filter(numbered, started_at__lt=cutoff).exclude(
        customer__in=held_customer_ids()
    )
    return [_not_held(calls, "contact__case")]


def _purge_calls(rows: Rows) -> int:
    (calls,) = rows
    return scrub_calls(calls)


def _expired_cases(cutoff: datetime) -> Rows:
    """Closed (or resolved) before the cut-off, with a contact that still holds text or an
    address: the case's content goes, its counted rows stay."""
    finished = Q(status=Status.CLOSED, closed_at__lt=cutoff) | Q(
        status=Status.RESOLVED, resolved_at__lt=cutoff
    )
    with_content = Contact.objects.exclude(body="", address="").values("case_id")
    return [_not_held(Case.objects.filter(finished, pk__in=with_content), "pk")]


def _purge_cases(rows: Rows) -> int:
    (cases,) = rows
    ids = list(cases.values_list("pk", flat=True))
    chosen = Case.objects.filter(pk__in=ids)
    contacts = Contact.objects.filter(case__in=ids)
    forget_message_ids(InboundMessage.objects.filter(case__in=ids))
    scrub_messages(
        InboundMessage.objects.filter(case__in=ids),
        OutboundMessage.objects.filter(case__in=ids),
        headers=True,
    )
    scrub_calls(Call.objects.filter(contact__in=contacts))
    scrub_contacts(contacts, addresses=True)
    forget_conversations(Conversation.objects.filter(case__in=ids))
    replace_subjects(chosen)
    contact_ids = list(contacts.values_list("pk", flat=True))
    scrub_audit([(Case, ids)])
    scrub_admin_log([(Case, ids), (Contact, contact_ids)])
    return len(ids)


def _expired_audit(cutoff: datetime) -> Rows:
    held = [str(pk) for pk in held_case_ids().values_list("pk", flat=True)]
    held += [str(pk) for pk in held_customer_ids().values_list("pk", flat=True)]
    rows = AuditEvent.objects.filter(created_at__lt=cutoff).exclude(
        target_type__model__in=["case", "customer"], target_id__in=held
    )
    return [rows]


def _delete(rows: Rows) -> int:
    """Purge by deleting: for rows no report counts (audit entries, the access log)."""
    (found,) = rows
    deleted, _by_model = found.delete()
    return deleted


def _expired_access(cutoff: datetime) -> Rows:
    """The access log past its age, but for customers under a legal hold (decision 21)."""
    return [expired_access_records(cutoff).exclude(customer__in=held_customer_ids())]


def _expired_sign_in_failures(cutoff: datetime) -> Rows:
    """Counts of failed sign-ins (account names typed, client addresses) no longer counted:
    throttling forgets them after a day (accounts.throttling.FORGET_AFTER)."""
    return [SignInThrottle.objects.filter(last_failure_at__lt=cutoff)]


def _expired_searches(cutoff: datetime) -> Rows:
    """Knowledge searches (help centre, desk) whose words or customer are still kept: a reader
    may type anything, a name or an account number included. Not those of held customers."""
    searches = SearchQuery.objects.filter(created_at__lt=cutoff).filter(
        ~Q(query="") | Q(customer__isnull=False)
    )
    return [searches.exclude(customer__in=held_customer_ids())]


def _purge_searches(rows: Rows) -> int:
    """The words and the customer go; the row stays, so older gaps still count its search."""
    (searches,) = rows
    return int(searches.update(query="", customer=None))


def _expired_survey_comments(cutoff: datetime) -> Rows:
    """Survey comments (free text: anything, a name included) answered before the cut-off,
    except on held cases and of held customers (decision 40)."""
    comments = Survey.objects.filter(answered_at__lt=cutoff).exclude(comment="")
    held = Q(case__in=held_case_ids()) | Q(customer__in=held_customer_ids())
    return [comments.exclude(held)]


def _purge_survey_comments(rows: Rows) -> int:
    """The comment goes; the score, choices and dates stay for the CSAT figures."""
    (comments,) = rows
    forget_comments(comments)  # the comment's stored words go with it
    return int(comments.update(comment=""))


def _expired_community_flags(cutoff: datetime) -> Rows:
    """Resolved reports, but not those by or about a held customer."""
    held = held_customer_ids()
    flags = community.expired_flags(cutoff)
    return [flags.exclude(member__customer__in=held).exclude(post__author__customer__in=held)]


def _expired_community_notifications(cutoff: datetime) -> Rows:
    notes = community.expired_notifications(cutoff)
    return [notes.exclude(member__customer__in=held_customer_ids())]


def _expired_hidden_posts(cutoff: datetime) -> Rows:
    posts = community.expired_hidden_posts(cutoff)
    return [posts.exclude(author__customer__in=held_customer_ids())]


def _purge_hidden_posts(rows: Rows) -> int:
    (posts,) = rows
    return community.forget_hidden_posts(posts)


# Attachments first: a message whose body goes loses its attachments with it.
register(
    RetentionKind("attachments", _("Attachments"), 365, _expired_attachments, _purge_attachments)
)
register(RetentionKind("message_bodies", _("Message bodies"), 730, _expired_bodies, _purge_bodies))
register(RetentionKind("call_records", _("Call numbers"), 365, _expired_calls, _purge_calls))
register(RetentionKind("closed_cases", _("Closed cases"), 1095, _expired_cases, _purge_cases))
register(RetentionKind("audit_entries", _("Audit entries"), 1825, _expired_audit, _delete))
register(RetentionKind("access_log", _("Access log"), 730, _expired_access, _delete))
register(
    RetentionKind("searches", _("Knowledge searches"), 365, _expired_searches, _purge_searches)
)
register(
    RetentionKind(
        "survey_comments",
        _("Survey comments"),
        730,
        _expired_survey_comments,
        _purge_survey_comments,
    )
)
register(
    RetentionKind(
        "sign_in_failures",
        _("Failed sign-in counts"),
        2,
        _expired_sign_in_failures,
        _delete,
    )
)
# The community's (decision 56): what is around the forum, not its public posts.
register(
    RetentionKind("community_flags", _("Community reports"), 365, _expired_community_flags, _delete)
)
register(
    RetentionKind(
        "community_notifications",
        _("Community notifications"),
        90,
        _expired_community_notifications,
        _delete,
    )
)
register(
    RetentionKind(
        "community_hidden_posts",
        _("Hidden community posts"),
        180,
        _expired_hidden_posts,
        _purge_hidden_posts,
    )
)
