"""Email in the workspace: replying, reading a whole message, downloading its attachments."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, staff_required
from lytte.accounts.models import User
from lytte.audit.models import AccessChannel
from lytte.audit.services import record_access
from lytte.cases.models import Case
from lytte.cases.policies import can_view
from lytte.desk.forms import LogForm, ReplyForm, add_service_errors
from lytte.desk.workspace import workable_case, workspace_context
from lytte.mail import selectors
from lytte.mail.models import InboundMessage
from lytte.mail.parsing import attachment_content, parse_message
from lytte.mail.services import NoMailbox, send_reply

CID = re.compile(r"""src=(["'])cid:([^"']+)\1""")


@require_http_methods(["POST"])
@staff_required
def reply(request: HttpRequest, number: int) -> HttpResponse:
    user = current_staff(request)
    case = workable_case(user, number)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            sent = send_reply(
                case=case, agent=user, to=form.recipients(), body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except NoMailbox as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your reply to %(to)s is on its way.") % {"to": ", ".join(sent.recipients)},
            )
            return redirect("desk:case", number=case.number)
    context = workspace_context(case, LogForm(case=case, agent=user), reply_form=form)
    return render(request, "desk/workspace.html", context, status=422)


def _readable_message(user: User, pk: int) -> InboundMessage:
    message = selectors.inbound_message(pk)
    if message is None:
        raise Http404(_("There is no such message."))
    _ensure_may_read(user, message.case)
    return message


def _ensure_may_read(user: User, case: Case | None) -> None:
    """A message follows its case; an unfiled one (no case) is for supervisors (decision 19).
    A read is logged in the customer's access log (decision 21)."""
    allowed = can_view(user, case) if case else user.has_perm("cases.work_any_case")
    if not allowed:
        raise PermissionDenied(_("This message belongs to another team's case."))
    if case is not None and case.customer_id is not None:
        record_access(
            user=user, customer=case.customer_id, channel=AccessChannel.WORKSPACE, case=case
        )


@require_http_methods(["GET"])
@staff_required
def message(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole message: headers, the text with its quoted part, and the HTML as sent
    (sanitised, in a sandboxed frame, with remote images never loaded)."""
    found = _readable_message(current_staff(request), pk)
    parsed = parse_message(bytes(found.raw))
    attachments = list(found.attachments.all())
    by_cid = {part.content_id: part.pk for part in attachments if part.content_id}

    def inline_image(match: re.Match[str]) -> str:
        pk = by_cid.get(match.group(2))
        url = reverse("desk:mail-attachment", args=[pk]) if pk else ""
        return f'src="{url}"'

    context: dict[str, Any] = {
        "message": found,
        "parsed": parsed,
        "quoted": parsed.text[len(parsed.new_text) :].strip() if parsed.new_text else "",
        "html": CID.sub(inline_image, parsed.html),
        "attachments": attachments,
    }
    return render(request, "desk/email_message.html", context)


@require_http_methods(["GET"])
@staff_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """An attachment, always as a download with a safe name: nothing a customer sent is ever
    rendered as a page of ours."""
    found = selectors.attachment(pk)
    if found is None:
        raise Http404(_("There is no such attachment."))
    _ensure_may_read(current_staff(request), found.message.case)
    try:
        part, content = attachment_content(bytes(found.message.raw), found.index)
    except LookupError as error:
        raise Http404(_("The attachment is no longer in the message.")) from error
    inline_image = part.content_type in ("image/png", "image/jpeg", "image/gif", "image/webp")
    response = HttpResponse(
        content, content_type=part.content_type if inline_image else "application/octet-stream"
    )
    disposition = "inline" if inline_image and request.GET.get("download") is None else "attachment"
    response.headers["Content-Disposition"] = _disposition(disposition, found.filename)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _disposition(kind: str, filename: str) -> str:
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
