"""The staff's page of survey answers (an agent: their own cases'), and closing a follow-up."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, staff_required
from lytte.feedback import selectors
from lytte.feedback.forms import ResultForm
from lytte.feedback.models import FollowUp
from lytte.feedback.services import close_follow_up


@require_http_methods(["GET"])
@staff_required
def answers(request: HttpRequest) -> HttpResponse:
    user = current_staff(request)
    may_follow_up = user.has_perm("feedback.change_followup")
    context = {
        "answers": selectors.answers_for(user)[:100],
        "follow_ups": list(selectors.open_follow_ups()[:100]) if may_follow_up else [],
        "form": ResultForm(),
    }
    return render(request, "feedback/answers.html", context)


@require_http_methods(["POST"])
@staff_required
@permission_required("feedback.change_followup", raise_exception=True)
def close(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    follow_up = get_object_or_404(FollowUp, pk=follow_up_id, closed_at__isnull=True)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            close_follow_up(
                follow_up=follow_up, result=form.cleaned_data["result"], by=current_staff(request)
            )
            return HttpResponseRedirect(reverse("feedback-desk:answers"))
        except ValidationError as error:
            form.add_error(None, error)
    context = {"answers": [], "follow_ups": [follow_up], "form": form}
    return render(request, "feedback/answers.html", context, status=400)
