"""The staff editor's forms: an article's settings, a translation's text, and a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lytte.cases.models import ContactReason
from lytte.knowledge.models import Article, Category, State, Visibility
from lytte.knowledge.services.files import MAX_SIZE


class ArticleForm(forms.Form):
    """What the article is, whatever its language: category, who reads it, tags, reasons."""

    source_language = forms.ChoiceField(label=_("Source language"), choices=settings.LANGUAGES)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False
    )
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas."),
    )
    reasons = forms.ModelMultipleChoiceField(
        label=_("Contact reasons it answers"),
        queryset=ContactReason.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    related = forms.ModelMultipleChoiceField(
        label=_("Related articles"),
        queryset=Article.objects.all(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )

    def clean_tags(self) -> list[str]:
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


class TextForm(forms.Form):
    """A translation's title, slug and Markdown body."""

    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.CharField(
        label=_("Address (slug)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to make one from the title. Old addresses keep working."),
    )
    body = forms.CharField(
        label=_("Text (Markdown)"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
    )
    note = forms.CharField(label=_("Note about this change"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["data-markdown"] = ""


class NewArticleForm(ArticleForm, TextForm):
    pass


class StateForm(forms.Form):
    state = forms.ChoiceField(choices=State.choices)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."), code="file_too_large")
        return upload
