"""The community's forms. Each posting form carries two checks against scripts, no
third-party captcha: a honeypot field people never see (`website`, filled only by bots) and
the time the form was shown, signed (`started`): a post sent within MIN_SECONDS of it, or from
a form older than a day, is refused with a "try again" and a fresh form."""

from __future__ import annotations

import re
import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from lytte.community.models import Category, FlagReason, ThreadKind
from lytte.community.services.images import ALT_LENGTH
from lytte.community.services.posting import BODY_LENGTH, TITLE_LENGTH
from lytte.knowledge.services.files import MAX_SIZE

MIN_SECONDS = 2.0
MAX_AGE = 24 * 3600
SALT = "lytte.community.form-started"


def started_token(at: float | None = None) -> str:
    return signing.dumps(time.time() if at is None else at, salt=SALT)


class GuardedForm(forms.Form):
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["started"] = started_token()
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            shown = float(signing.loads(self.data.get("started", ""), salt=SALT, max_age=MAX_AGE))
        except (signing.BadSignature, TypeError, ValueError):
            shown = None
        too_fast = shown is None or time.time() - shown < MIN_SECONDS
        if cleaned.get("website") or too_fast:
            raise forms.ValidationError(
                _("Your post could not be sent. Check it and send it again."), code="guard"
            )
        return cleaned

    def fresh(self) -> None:
        """After a refusal: a new start time, so the next send is judged on its own."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data["started"] = started_token()
        self.data = data


class ImageFields(forms.Form):
    """An image to add to the post, with its description (alt text), which it needs."""

    image = forms.FileField(
        required=False,
        label=_("Add an image (optional)"),
        help_text=_(
            "PNG, JPEG, GIF or WebP, at most 5 MB. Its location and camera details are removed."
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    alt = forms.CharField(
        required=False,
        max_length=ALT_LENGTH,
        label=_("Describe the image"),
        help_text=_("For those who cannot see it, for example “The error message on the screen”."),
    )

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if upload is not None and upload.size > MAX_SIZE:
            raise forms.ValidationError(_("The image is larger than 5 MB."), code="too_large")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("image") is not None and not " ".join(cleaned.get("alt", "").split()):
            self.add_error("alt", _("Describe the image for those who cannot see it."))
        return cleaned


class CategoryField(forms.ModelChoiceField[Category]):
    def label_from_instance(self, obj: Category) -> str:
        return obj.localized_name()


class AskForm(ImageFields, GuardedForm):
    category = CategoryField(queryset=Category.objects.none(), label=_("Category"))
    kind = forms.ChoiceField(
        choices=ThreadKind.choices,
        initial=ThreadKind.QUESTION,
        widget=forms.RadioSelect,
        label=_("What is it?"),
    )
    title = forms.CharField(max_length=TITLE_LENGTH, label=_("Title"))
    body = forms.CharField(
        max_length=BODY_LENGTH,
        label=_("Details"),
        help_text=_("Markdown works: **bold**, lists and links."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["title"].widget.attrs.update(
            {"autocomplete": "off", "aria-describedby": "similar"}
        )
        self.order_fields(
            ["category", "kind", "title", "body", "image", "alt", "website", "started"]
        )


class ReplyForm(ImageFields, GuardedForm):
    body = forms.CharField(
        max_length=BODY_LENGTH,
        label=_("Your reply"),
        help_text=_("Markdown works: **bold**, lists and links."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    field_order = ["body", "image", "alt", "website", "started"]


class EditForm(ImageFields):
    """The post's text, a new image to add (as in a reply) and its images to take away."""

    title = forms.CharField(max_length=TITLE_LENGTH, label=_("Title"), required=False)
    body = forms.CharField(
        max_length=BODY_LENGTH, label=_("Text"), widget=forms.Textarea(attrs={"rows": 8})
    )
    remove = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        label=_("Remove images"),
        help_text=_("A removed image is deleted, also from the post's earlier versions."),
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["title", "body", "remove", "image", "alt"]

    def __init__(self, *args: Any, images: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.images = list(images)
        self.fields["remove"].choices = [(image.pk, image.alt) for image in self.images]  # type: ignore[attr-defined]


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        max_length=40,
        label=_("Display name"),
        help_text=_(
            "Shown with everything you write in the community. Not your email address or "
            "phone number."
        ),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=FlagReason.choices, label=_("Why do you report it?"))
    note = forms.CharField(
        max_length=500, required=False, label=_("Anything the moderators should know?")
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        label=_("Reason"),
        help_text=_("The member is shown this."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    until = forms.DateField(
        label=_("Suspended until"), widget=forms.DateInput(attrs={"type": "date"})
    )


class MoveForm(forms.Form):
    category = CategoryField(queryset=Category.objects.none(), label=_("Move to category"))

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]


THREAD_ADDRESS = re.compile(r"(?:/threads/)?(\d+)/?(?:[?#].*)?$")


class MergeForm(forms.Form):
    """The thread to merge into, by its number or its address."""

    target = forms.CharField(
        max_length=500,
        label=_("Merge into thread"),
        help_text=_("The other thread's number or address."),
    )

    def clean_target(self) -> int:
        found = THREAD_ADDRESS.search(self.cleaned_data["target"].strip())
        if found is None:
            raise forms.ValidationError(_("Give the thread's number or address."))
        return int(found.group(1))


class SplitForm(forms.Form):
    """A reply to start a new thread from (it and every later post move), its title and
    category."""

    post = forms.TypedChoiceField(coerce=int, label=_("Start the new thread from"))
    title = forms.CharField(max_length=TITLE_LENGTH, label=_("Title of the new thread"))
    category = CategoryField(queryset=Category.objects.none(), label=_("Category"))

    def __init__(
        self, *args: Any, categories: Any, replies: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["post"].choices = replies  # type: ignore[attr-defined]
