"""The synonym lists' page, /desk/knowledge/synonyms/: every member of staff reads what search
treats as the same word; those who may publish articles edit the lists (they change what
customers find, as publishing does)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, staff_required
from lytte.knowledge.search import synonyms
from lytte.knowledge.search.synonyms import MAX_TEXT
from lytte.knowledge.services.synonyms import save_synonyms
from lytte.knowledge.views import LANGUAGES

PERMISSION = "knowledge.publish_article"


class SynonymsForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Synonyms"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "One group a line, the words separated by commas: ordre, bestilling, køb. "
            "Lines starting with # are comments."
        ),
    )


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("language") or current_staff(request).language or "nb"
    return asked if asked in LANGUAGES else "nb"


@require_http_methods(["GET", "POST"])
@staff_required
def edit_synonyms(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    may_edit = current_staff(request).has_perm(PERMISSION)
    saved = synonyms.saved(language)
    form = SynonymsForm(initial={"text": saved})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("You do not have permission to do this."))
        if request.POST.get("action") == "suggested":
            form = SynonymsForm(initial={"text": synonyms.suggested(language)})
            messages.info(request, _("Lytte's suggested list is in the box: read it, then save."))
        else:
            form = SynonymsForm(request.POST)
            if form.is_valid():
                try:
                    save_synonyms(
                        language=language, text=form.cleaned_data["text"], by=current_staff(request)
                    )
                except ValidationError as error:
                    form.add_error("text", error)
                else:
                    messages.success(request, _("The synonyms are saved; search uses them now."))
                    return redirect(f"{reverse('knowledge:synonyms')}?language={language}")
    context = {
        "form": form,
        "language": language,
        "languages": LANGUAGES.items(),
        "may_edit": may_edit,
        "saved": bool(saved),
    }
    return render(request, "knowledge/synonyms.html", context)
