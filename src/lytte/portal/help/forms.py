"""The help centre's two forms: a search, and "was this helpful?"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

QUERY_LENGTH = 200  # SearchQuery.query keeps this much
PAGES = 5  # pages of search results, at most


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the help centre"), max_length=QUERY_LENGTH, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=PAGES, widget=forms.HiddenInput)


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this article helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda answer: answer == "yes",
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write personal details here. We read every comment."),
    )
