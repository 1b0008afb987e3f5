"""The customer's survey pages: answer (one click from the mail, then a comment), opt out.
No sign-in: the signed link is the key (decision 40)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lytte.feedback.forms import AnswerForm
from lytte.feedback.models import Survey, SurveyRules
from lytte.feedback.services import AnswerRefused, answer, survey_for_token
from lytte.feedback.services import opt_out as opt_out_service
from lytte.feedback.services.answers import changeable, expired


def _not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/invalid.html", status=404)


def _page(
    request: HttpRequest, survey: Survey, form: AnswerForm, status: int = 200, **extra: object
) -> HttpResponse:
    rules = SurveyRules.current()
    score = form["score"].value()
    context = {
        "survey": survey,
        "form": form,
        "rules": rules,
        "changeable": changeable(survey, rules),
        "closed": survey.answered_at is None and expired(survey, rules),
        "low": str(score or survey.score or "") in {str(s) for s in range(1, rules.low_score + 1)},
        **extra,
    }
    return render(request, "feedback/survey.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    found = survey_for_token(token)
    if found is None:
        return _not_found(request)
    if request.method == "POST":
        return _answer(request, found)
    chosen = request.GET.get("score", "")
    initial: dict[str, object] = {
        "score": chosen if chosen in {"1", "2", "3", "4", "5"} else found.score
    }
    initial["comment"] = found.comment
    initial["choices"] = [choice.pk for choice in found.choices.all()]
    form = AnswerForm(initial=initial, survey=found)
    # A score from the mail's link is sent by the page itself (survey.js), so a mail scanner
    # that opens every link records nothing; without script the customer presses the button.
    autosubmit = bool(chosen) and found.answered_at is None
    status = 410 if found.answered_at is None and expired(found, SurveyRules.current()) else 200
    return _page(request, found, form, status=status, autosubmit=autosubmit)


def _answer(request: HttpRequest, found: Survey) -> HttpResponse:
    form = AnswerForm(request.POST, survey=found)
    if not form.is_valid():
        return _page(request, found, form, status=400)
    data = form.cleaned_data
    with_details = "details" in request.POST  # the second step; the one-click one has none
    try:
        answer(
            survey=found,
            score=data["score"],
            comment=data["comment"] if with_details else None,
            choice_ids=data["choices"] if with_details else None,
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
    found = survey_for_token(token)
    if found is None:
        return _not_found(request)
    done = False
    if request.method == "POST":
        opt_out_service(survey=found)
        done = True
    return render(request, "feedback/opt_out.html", {"survey": found, "done": done})
