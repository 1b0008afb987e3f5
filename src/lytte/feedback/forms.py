from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lytte.feedback.models import SCORES, NpsSurvey, Survey
from lytte.feedback.nps_models import NPS_SCORES
from lytte.feedback.services.answers import MAX_COMMENT


class AnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your score"),
        choices=[(score, str(score)) for score in SCORES],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    choices = forms.TypedMultipleChoiceField(
        label=_("What went wrong?"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, survey: Survey, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        question = survey.question
        if question is not None:
            self.fields["score"].label = question.text
            self.fields["comment"].label = question.comment_prompt
            self.fields["choices"].label = question.choices_prompt
            offered = [(c.pk, c.label) for c in question.choices.all()]
            self.fields["choices"].choices = offered  # type: ignore[attr-defined]


class ResultForm(forms.Form):
    result = forms.CharField(
        label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NpsAnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How likely are you to recommend us to a friend or colleague?"),
        choices=[(score, str(score)) for score in NPS_SCORES],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Why did you give that score?"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: object, survey: NpsSurvey, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["score"].label = survey.question.text
        self.fields["comment"].label = survey.question.why_prompt
