"""Mail bound to no case (decision 48): written to the `Notice` outbox in the caller's
transaction, sent after it commits by a background task (django-tasks) with retries, and swept
by the `notices` job should a queued task be lost. No contact is logged: a notice is no
conversation with the business. It goes from the site's configured sender (LYTTE_PORTAL_EMAIL,
else LYTTE_DEFAULT_FROM_EMAIL, under LYTTE_PORTAL_NAME) through Django's mail connection, which
settings point at LYTTE_SMTP_URL. The platform imports no app: callers render the text in the
recipient's language and hand it over with the headers they want (List-Unsubscribe...)."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lytte.platform.models import Notice

logger = logging.getLogger(__name__)

# Minutes to wait after the 1st, 2nd, ... failed attempt; after the last, the notice has failed.
RETRY_MINUTES = (1, 5, 15, 60, 240)
CLAIM = timedelta(minutes=10)  # an attempt in progress; a crashed one is tried again after it
KEEP_DAYS = 30  # sent and failed notices are deleted after this many days


def queue_notice(
    *,
    key: str,
    owner: str,
    to: str,
    language: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
) -> Notice | None:
    """Write a notice and send it once the transaction commits. The same `key` again queues
    nothing (None): a retried write, or two workers, send one mail."""
    if "\n" in subject or "\r" in subject:
        subject = " ".join(subject.split())
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key[:200],
                owner=owner,
                to=to,
                language=language,
                subject=subject[:255],
                body=body,
                headers=headers or {},
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: _enqueue(notice.pk))
    return notice


def forget_owner(owner: str) -> int:
    """Delete every notice of `owner`, sent or not (erasure, decision 20)."""
    deleted, _by_model = Notice.objects.filter(owner=owner).delete()
    return deleted


def _enqueue(notice_id: int, *, run_after: datetime | None = None) -> None:
    from lytte.platform.tasks import deliver_notice  # the task module imports this one

    task = deliver_notice.using(run_after=run_after) if run_after else deliver_notice
    task.enqueue(notice_id)


def sender() -> str:
    address = settings.PORTAL_EMAIL or settings.DEFAULT_FROM_EMAIL
    return f"{settings.PORTAL_NAME} <{address}>" if settings.PORTAL_NAME else address


def deliver(notice_id: int) -> Notice | None:
    """One attempt, if the notice is due. Several workers may call it at once: the attempt is
    claimed first, so one of them sends."""
    now = timezone.now()
    claimed = Notice.objects.filter(
        Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True),
        pk=notice_id,
        status=Notice.Status.QUEUED,
    ).update(next_attempt_at=now + CLAIM)
    if not claimed:
        return None
    notice = Notice.objects.get(pk=notice_id)
    message = EmailMessage(
        subject=notice.subject,
        body=notice.body,
        from_email=sender(),
        to=[notice.to],
        headers={
            **notice.headers,
            "Auto-Submitted": "auto-generated",  # RFC 3834: robots must not answer it
            "X-Auto-Response-Suppress": "All",
            "Content-Language": notice.language,
        },
    )
    try:
        get_connection(fail_silently=False).send_messages([message])
    except Exception as error:  # every failure is a failed attempt
        return _failed(notice, error)
    notice.status, notice.sent_at = Notice.Status.SENT, timezone.now()
    notice.attempts += 1
    notice.next_attempt_at, notice.last_error = None, ""
    notice.save(update_fields=["status", "sent_at", "attempts", "next_attempt_at", "last_error"])
    return notice


def _permanent(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _failed(notice: Notice, error: Exception) -> Notice:
    notice.attempts += 1
    notice.last_error = repr(error)[:2000]
    if _permanent(error) or notice.attempts > len(RETRY_MINUTES):
        notice.status, notice.next_attempt_at = Notice.Status.FAILED, None
        logger.warning("Notice %s failed: %s", notice.pk, notice.last_error)
        notice.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return notice
    notice.next_attempt_at = timezone.now() + timedelta(minutes=RETRY_MINUTES[notice.attempts - 1])
    notice.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    _enqueue(notice.pk, run_after=notice.next_attempt_at)
    return notice


def deliver_due(*, limit: int = 100) -> int:
    """Send queued notices whose time has come (should a queued task be lost), and delete sent
    and failed ones older than KEEP_DAYS. Returns how many were sent."""
    old = timezone.now() - timedelta(days=KEEP_DAYS)
    Notice.objects.exclude(status=Notice.Status.QUEUED).filter(created_at__lt=old).delete()
    due = Notice.objects.filter(
        status=Notice.Status.QUEUED, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
    sent = [deliver(pk) for pk in list(due)]
    return sum(1 for notice in sent if notice is not None and notice.status == Notice.Status.SENT)
