"""Fetching mailboxes over IMAP: IDLE where the server has it, polling where it has not.

Each message is stored (committed) before it is marked read or moved on the server, and the
mailbox remembers the last UID it stored: killed at any point, a restart fetches the rest, and
anything fetched twice is recognised by its Message-ID (or digest) and stored once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from lytte.mail.credentials import MissingPassword, unseal
from lytte.mail.models import Mailbox, Security
from lytte.mail.services import deliver_due, file_pending, receive_messages
from lytte.mail.services.mailboxes import note_fetch, release_lease, take_lease

logger = logging.getLogger(__name__)

BATCH = 20  # messages fetched per round trip; bounded so a folder of huge mails fits in memory
# How long a stopping mail worker waits for its mailbox watchers (within the worker's own 10 s).
WATCHERS_STOP_SECONDS = 8.0
FETCH_ERRORS = (OSError, IMAPClientError, MissingPassword, ssl.SSLError, socket.timeout)


def connect(mailbox: Mailbox, *, timeout: float = 30) -> IMAPClient:
    password = unseal(mailbox.imap_password, env=mailbox.imap_password_env)
    client = IMAPClient(
        mailbox.imap_host,
        port=mailbox.imap_port,
        ssl=mailbox.imap_security == Security.SSL,
        ssl_context=ssl.create_default_context(),
        timeout=timeout,
    )
    if mailbox.imap_security == Security.STARTTLS:
        client.starttls(ssl.create_default_context())
    client.login(mailbox.imap_user, password)
    return client


def fetch_new(
    client: IMAPClient, mailbox: Mailbox, *, still_ours: Callable[[], bool] = lambda: True
) -> int:
    """Store every message that arrived since the last fetch; returns how many were new.
    `still_ours` is asked between batches: a worker that lost its lease stops."""
    status = client.select_folder(mailbox.folder)
    uidvalidity = int(status[b"UIDVALIDITY"])
    last_uid = mailbox.last_uid
    if mailbox.uidvalidity is None:
        # The first fetch of a mailbox takes what nobody has read, not years of old mail.
        uids = sorted(client.search(["UNSEEN"]))
    else:
        if mailbox.uidvalidity != uidvalidity:
            last_uid = 0  # the server renumbered the folder; stored messages are recognised
        uids = [uid for uid in client.search(["UID", f"{last_uid + 1}:*"]) if uid > last_uid]
        uids.sort()
    mailbox.uidvalidity = uidvalidity
    note_fetch(mailbox_id=mailbox.pk, uidvalidity=uidvalidity)
    new = 0
    for start in range(0, len(uids), BATCH):
        if start and not still_ours():
            break
        batch = uids[start : start + BATCH]
        fetched = sorted(client.fetch(batch, ["BODY.PEEK[]"]).items())
        arrived = [(bytes(data[b"BODY[]"]), uid) for uid, data in fetched if b"BODY[]" in data]
        received = receive_messages(mailbox=mailbox, batch=arrived)  # committed
        new += sum(one.created for one in received)
        for _raw, uid in arrived:
            _mark_processed(client, mailbox, uid)
        if arrived:
            mailbox.last_uid = max(mailbox.last_uid, max(uid for _raw, uid in arrived))
            note_fetch(mailbox_id=mailbox.pk, last_uid=mailbox.last_uid)
    return new


def _mark_processed(client: IMAPClient, mailbox: Mailbox, uid: int) -> None:
    if not mailbox.processed_folder:
        client.add_flags([uid], [b"\\Seen"], silent=True)
    elif client.has_capability("MOVE"):
        client.move([uid], mailbox.processed_folder)
    else:
        client.copy([uid], mailbox.processed_folder)
        client.add_flags([uid], [b"\\Deleted"], silent=True)
        if client.has_capability("UIDPLUS"):
            client.uid_expunge([uid])
        else:
            client.expunge()


def fetch_once(mailbox: Mailbox) -> int:
    """Connect, store what is new, disconnect. Errors are noted on the mailbox and raised."""
    try:
        client = connect(mailbox)
        try:
            new = fetch_new(client, mailbox)
        finally:
            _logout(client)
    except FETCH_ERRORS as error:
        note_fetch(mailbox_id=mailbox.pk, error=str(error) or repr(error))
        raise
    note_fetch(mailbox_id=mailbox.pk)
    return new


def _logout(client: IMAPClient) -> None:
    with contextlib.suppress(*FETCH_ERRORS):
        client.logout()


class MailboxWatcher(threading.Thread):
    """Keeps one mailbox fetched while this worker holds its lease: fetch, then wait in IDLE
    (or sleep) until the server says something arrived or the poll interval passes."""

    def __init__(self, mailbox_id: int, owner: str, stop: threading.Event) -> None:
        super().__init__(name=f"mailbox-{mailbox_id}", daemon=True)
        self.mailbox_id, self.owner, self.stop = mailbox_id, owner, stop

    def run(self) -> None:
        backoff = 1.0
        try:
            while not self.stop.is_set():
                close_old_connections()
                if not self._renew():
                    return  # another worker fetches it, or it was switched off
                try:
                    self._watch()
                    backoff = 1.0
                except FETCH_ERRORS as error:
                    logger.warning("Mailbox %s: %s", self.mailbox_id, error)
                    note_fetch(mailbox_id=self.mailbox_id, error=str(error) or repr(error))
                    self.stop.wait(backoff)
                    backoff = min(backoff * 2, settings.MAIL_POLL_SECONDS)
        finally:
            release_lease(mailbox_id=self.mailbox_id, owner=self.owner)
            close_old_connections()

    def _watch(self) -> None:
        mailbox = Mailbox.objects.get(pk=self.mailbox_id)
        client = connect(mailbox)
        try:
            idle = client.has_capability("IDLE")
            while not self.stop.is_set():
                fetch_new(client, mailbox, still_ours=self._renew)
                note_fetch(mailbox_id=mailbox.pk)
                if not self._renew():
                    return
                wait = min(settings.MAIL_POLL_SECONDS, settings.MAIL_LEASE_SECONDS / 2)
                if idle:
                    self._idle(client, wait)
                else:
                    self.stop.wait(wait)
                    client.noop()
                close_old_connections()
        finally:
            _logout(client)

    def _renew(self) -> bool:
        return take_lease(
            mailbox_id=self.mailbox_id, owner=self.owner, seconds=settings.MAIL_LEASE_SECONDS
        )

    def _idle(self, client: IMAPClient, seconds: float) -> None:
        client.idle()
        try:
            deadline = time.monotonic() + seconds
            while not self.stop.is_set() and time.monotonic() < deadline:
                if client.idle_check(timeout=1):
                    return  # something arrived
        finally:
            client.idle_done()


class MailWorker(threading.Thread):
    """Part of `lytte worker`: watches every active IMAP mailbox it can lease, files messages
    left unfiled, and delivers queued mail whose time has come."""

    def __init__(self, *, interval: float = 5, on_cycle: Callable[[], None] | None = None) -> None:
        super().__init__(name="mail", daemon=True)
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.interval, self.on_cycle = interval, on_cycle
        self.stop = threading.Event()
        self.watchers: dict[int, MailboxWatcher] = {}

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                try:
                    close_old_connections()
                    self._start_watchers()
                    file_pending()
                    deliver_due()
                except Exception:
                    logger.exception("Mail worker cycle failed")
                finally:
                    close_old_connections()
                if self.on_cycle:
                    self.on_cycle()
                self.stop.wait(self.interval)
        finally:
            self._wait_for_watchers()

    def _wait_for_watchers(self) -> None:
        """A stopping worker waits for its watchers (they see the same stop), so each gives its
        mailbox's lease back and another worker takes the mailbox over at once, not when the
        lease runs out."""
        deadline = time.monotonic() + WATCHERS_STOP_SECONDS
        for watcher in self.watchers.values():
            watcher.join(max(0.0, deadline - time.monotonic()))

    def _start_watchers(self) -> None:
        ids = Mailbox.objects.filter(active=True).exclude(imap_host="").values_list("pk", flat=True)
        for mailbox_id in ids:
            watcher = self.watchers.get(mailbox_id)
            if watcher is None or not watcher.is_alive():
                watcher = MailboxWatcher(mailbox_id, self.owner, self.stop)
                self.watchers[mailbox_id] = watcher
                watcher.start()
