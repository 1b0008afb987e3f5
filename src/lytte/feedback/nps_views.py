"""The customer's NPS pages under /help/<lang>/nps/<token>/ (decision 47): one click from the
mail (the page sends the score itself, as the CSAT page does), then "why?"; and opting out."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lytte.feedback.forms import NpsAnswerForm
from lytte.feedback.models import NpsSurvey, SurveyRules
from lytte.feedback.nps_models import NPS_SCORES
from lytte.feedback.services import AnswerRefused
from lytte.feedback.services.answers import changeable, expired
from lytte.feedback.services.nps import nps_for_token
from lytte.feedback.services.nps_answers import (
    answer_nps,
    opt_out_nps,
)


def _page(
    request: HttpRequest, survey: NpsSurvey, form: NpsAnswerForm, status: int = 200, **extra: object
) -> HttpResponse:
    rules = SurveyRules.current()
    context = {
        "survey": survey,
        "form": form,
        "changeable": changeable(survey, rules),
        "closed": survey.answered_at is None and expired(survey, rules),
        **extra,
    }
    return render(request, "feedback/nps.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def nps(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    found = nps_for_token(token)
    if found is None:
        return render(request, "feedback/invalid.html", status=404)
    if request.method == "POST":
        return _answer(request, found)
    chosen = request.GET.get("score", "")
    valid = {str(score) for score in NPS_SCORES}
    initial = {"score": chosen if chosen in valid else found.score, "comment": found.comment}
    form = NpsAnswerForm(initial=initial, survey=found)
    autosubmit = chosen in valid and found.answered_at is None
    closed = found.answered_at is None and expired(found, SurveyRules.current())
    return _page(request, found, form, status=410 if closed else 200, autosubmit=autosubmit)


def _answer(request: HttpRequest, found: NpsSurvey) -> HttpResponse:
    form = NpsAnswerForm(request.POST, survey=found)
    if not form.is_valid():
        return _page(request, found, form, status=400)
    with_details = "details" in request.POST
    try:
        answer_nps(
            survey=found,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"] if with_details else None,
        )
    except AnswerRefused as refused:
        status = 410 if refused.code == "expired" else 409
        return _page(request, found, form, status=status, refused=str(refused))
    step = "thanks" if with_details else "scored"
    return HttpResponseRedirect(f"{request.path}?{step}=1")


@never_cache
@csrf_exempt  # RFC 8058 one-click unsubscribe posts from the mail client; the token is the key
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    found = nps_for_token(token)
    if found is None:
        return render(request, "feedback/invalid.html", status=404)
    done = False
    if request.method == "POST":
        opt_out_nps(survey=found)
        done = True
    return render(request, "feedback/opt_out.html", {"survey": found, "done": done})
