"""Right of access: everything Lytte holds about one customer, as a ZIP of JSON files and the
original email messages and attachments (decision 21)."""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation

from lytte.audit.models import AccessChannel
from lytte.audit.services import record, record_access
from lytte.customers.models import Customer
from lytte.mail.models import Attachment, InboundMessage, OutboundMessage
from lytte.mail.parsing import attachment_content
from lytte.privacy.export import own_words, records
from lytte.privacy.export.readme import readme

_UNSAFE = re.compile(r"[^\w.\- ]+")


def export_customer(*, customer: Customer, exported_by: Any, language: str | None = None) -> Path:
    """Write the export to a temporary file and return its path; the caller deletes it.

    README.txt speaks `language`, else the exporter's own, else the active one (the request's).

    The export is audited and access-logged before it is built, so its own access is in it.
    Nothing large is held in memory: each message is read, written and let go in turn.
    """
    with transaction.atomic():
        record_access(user=exported_by, customer=customer, channel=AccessChannel.EXPORT)
        record(actor=exported_by, action="customer.exported", target=customer)
    chosen = (
        language
        or getattr(exported_by, "language", "")
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )
    handle = tempfile.NamedTemporaryFile(prefix="lytte-export-", suffix=".zip", delete=False)  # noqa: SIM115 -- the caller owns the file
    path = Path(handle.name)
    try:
        with handle, translation.override(chosen):
            _write_zip(handle, customer, exported_by)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def open_export(*, customer: Customer, exported_by: Any, language: str | None = None) -> IO[bytes]:
    """The export as an open file already removed from the directory: the reader streams it, and
    nothing is left on disk once it is closed, however the response ends."""
    path = export_customer(customer=customer, exported_by=exported_by, language=language)
    opened = path.open("rb")
    path.unlink()
    return opened


def _write_zip(handle: IO[bytes], customer: Customer, exported_by: Any) -> None:
    customer = Customer.objects.select_related("organization").get(pk=customer.pk)
    cases = records.cases_of(customer)
    own_cases = dict(cases.filter(customer=customer).values_list("pk", "number"))
    inbound, outbound, message_files = records.messages_of(customer)
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(customer, exported_by, timezone.now()))
        _json(archive, "customer.json", records.customer_record(customer))
        _json_list(archive, "cases.json", records.case_records(customer, cases, message_files))
        _json_list(archive, "calls.json", records.call_records(customer))
        _json_list(archive, "feedback.json", own_words.survey_records(customer))
        _json_list(archive, "chats.json", own_words.chat_records(customer))
        _json(archive, "community.json", own_words.community_records(customer))
        for path, content in own_words.community_images(customer):
            archive.writestr(path, content)
        _json(archive, "help_centre.json", own_words.help_centre_records(customer))
        _json_list(archive, "access_log.json", records.access_records(customer))
        _json_list(archive, "audit.json", records.audit_records(customer, own_cases))
        for pk in inbound:
            _inbound_message(archive, pk)
        for pk in outbound:
            raw = OutboundMessage.objects.filter(pk=pk).values_list("raw", flat=True).get()
            archive.writestr(records.outbound_file(pk), bytes(raw))


def _inbound_message(archive: zipfile.ZipFile, pk: int) -> None:
    """The message byte for byte, and each attachment it still holds, decoded."""
    raw = bytes(InboundMessage.objects.filter(pk=pk).values_list("raw", flat=True).get())
    archive.writestr(records.inbound_file(pk), raw)
    for attachment in Attachment.objects.filter(message_id=pk, stored=True):
        try:
            _part, content = attachment_content(raw, attachment.index)
        except LookupError:
            continue  # listed but no longer in the message: the .eml above is the record
        name = _UNSAFE.sub("_", attachment.filename).strip(" .") or "attachment"
        archive.writestr(f"attachments/in-{pk}/{attachment.index}-{name}", content)


def _member(name: str) -> zipfile.ZipInfo:
    """A file of the archive dated now (archive.open would date it 1980), compressed."""
    info = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _json(archive: zipfile.ZipFile, name: str, data: Any) -> None:
    with archive.open(_member(name), "w") as member:
        member.write(_dumps(data).encode("utf-8"))


def _json_list(archive: zipfile.ZipFile, name: str, rows: Iterable[Any]) -> None:
    """A JSON array written row by row, so a long history is never one string in memory."""
    with archive.open(_member(name), "w") as member:
        member.write(b"[")
        for n, row in enumerate(rows):
            member.write((",\n" if n else "\n").encode() + _dumps(row).encode("utf-8"))
        member.write(b"\n]\n")


def _dumps(data: Any) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
