"""Mail services: mailboxes, incoming mail (store, then file) and outgoing mail."""

from lytte.mail.services.intake import (
    Received,
    file_message,
    file_pending,
    receive_message,
    receive_messages,
    store_message,
)
from lytte.mail.services.mailboxes import (
    create_mailbox,
    create_push_mailbox,
    give_new_token,
    mailbox_for_token,
    set_imap_password,
)
from lytte.mail.services.outbound import NoMailbox, acknowledge, deliver, deliver_due, send_reply

__all__ = [
    "NoMailbox",
    "Received",
    "acknowledge",
    "create_mailbox",
    "create_push_mailbox",
    "deliver",
    "deliver_due",
    "file_message",
    "file_pending",
    "give_new_token",
    "mailbox_for_token",
    "receive_message",
    "receive_messages",
    "send_reply",
    "set_imap_password",
    "store_message",
]
