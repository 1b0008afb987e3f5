"""A question escalated from the community (issue 16): the agent answers it from the case, and
the answer is posted in the thread as a staff reply (`community.services.answer_from_desk`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, staff_required
from lytte.community.services.escalation import answer_from_desk, thread_of_case
from lytte.desk.forms import CommunityReplyForm, LogForm, add_service_errors
from lytte.desk.workspace import workable_case, workspace_context


@require_http_methods(["POST"])
@staff_required
def reply(request: HttpRequest, number: int) -> HttpResponse:
    user = current_staff(request)
    case = workable_case(user, number)
    if thread_of_case(case) is None:
        raise Http404(_("This case did not come from the community."))
    form = CommunityReplyForm(request.POST)
    if form.is_valid():
        try:
            answer_from_desk(case=case, agent=user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer is in the community thread."))
            return redirect("desk:case", number=case.number)
    context = workspace_context(case, LogForm(case=case, agent=user), community_form=form)
    return render(request, "desk/workspace.html", context, status=422)
