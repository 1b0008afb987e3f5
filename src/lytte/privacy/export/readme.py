"""README.txt of an export: what each file holds, in the language of whoever asked for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lytte.customers.models import Customer

FORMAT_VERSION = 1


def readme(customer: Customer, exported_by: Any, at: datetime) -> str:
    who = (exported_by.get_full_name() or exported_by.username) if exported_by else "lytte"
    files = [
        (
            "customer.json",
            _("The customer, their organization and their phone numbers and email addresses."),
        ),
        (
            "cases.json",
            _(
                "Every case of the customer, with its contacts and notes, reasons, statuses, "
                "times and who handled it."
            ),
        ),
        (
            "messages/",
            _(
                "Every email received from or sent to the customer, exactly as it was sent "
                "(.eml, raw MIME)."
            ),
        ),
        (
            "attachments/",
            _(
                "The files attached to those emails, as they were sent; the folder names the "
                "message."
            ),
        ),
        ("calls.json", _("Calls with the customer: numbers, times and durations.")),
        (
            "feedback.json",
            _(
                "The satisfaction surveys sent to the customer, with their answers and "
                "comments, and whether they said no to surveys."
            ),
        ),
        ("chats.json", _("The customer's chats with customer service, message by message.")),
        (
            "community.json",
            _(
                "The customer's community profile and what they wrote there, with earlier "
                "versions of edited posts, the threads and categories they follow and their "
                "email settings."
            ),
        ),
        (
            "community/images/",
            _("The images in the customer's community posts, as they are shown there."),
        ),
        (
            "help_centre.json",
            _(
                "What the customer searched for in the help centre while signed in, and what "
                "they said about articles."
            ),
        ),
        (
            "access_log.json",
            _(
                "Who opened the customer's data, when, and where (case, customer page, API, "
                "export)."
            ),
        ),
        ("audit.json", _("What was done to the customer and their cases, by whom and when.")),
    ]
    header = _("Data held about %(name)s (customer %(id)s), exported %(when)s by %(who)s.") % {
        "name": customer.name,
        "id": customer.pk,
        "when": formats.date_format(timezone.localtime(at), "DATETIME_FORMAT"),
        "who": who,
    }
    lines = [header, "", *(f"{name}\n    {text}" for name, text in files), ""]
    lines.append(
        _("Times are in ISO 8601 with their offset from UTC. Export format version %(version)s.")
        % {"version": FORMAT_VERSION}
    )
    return "\n".join(lines) + "\n"
