"""The chat's two forms in the desk: handing a chat on (to an agent or a team, with a note)
and finishing it with the contact reason, which is required, as for a call (decision 14). The
reason picker is the workspace's: suggestions for the chat's text, frequent reasons, a finder."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team, User
from lytte.cases import selectors as cases
from lytte.cases.models import ContactReason
from lytte.chat.models import Conversation, Sender
from lytte.desk.forms import StaffChoiceField, assignable_staff
from lytte.insights.selectors import suggest
from lytte.insights.services import sign_suggestion


class TransferForm(forms.Form):
    to_agent = StaffChoiceField(
        label=_("To an agent"), queryset=User.objects.none(), required=False
    )
    to_team = forms.ModelChoiceField(
        label=_("Or to a team's queue"), queryset=Team.objects.all(), required=False
    )
    note = forms.CharField(
        label=_("Note for whoever takes it"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, agent: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[User]", self.fields["to_agent"])
        field.queryset = assignable_staff(agent).exclude(pk=agent.pk)
        field.empty_label = "—"
        cast("forms.ModelChoiceField[Team]", self.fields["to_team"]).empty_label = "—"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and (data.get("to_agent") is None) == (data.get("to_team") is None):
            raise forms.ValidationError(gettext("Choose an agent or a team, not both."))
        return data


class EndForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Contact reason"),
        queryset=ContactReason.objects.filter(active=True),
        error_messages={
            "required": _("Choose the contact reason before you end the chat."),
            "invalid_choice": _("That contact reason does not exist or is retired."),
        },
    )
    note = forms.CharField(
        label=_("Note (for colleagues, not the customer)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resolved = forms.BooleanField(label=_("The case is resolved"), required=False)


def chat_text(conversation: Conversation) -> str:
    """What the customer wrote in the chat, for suggesting its reason."""
    bodies = conversation.messages.filter(sender=Sender.CUSTOMER).values_list("body", flat=True)
    return "\n".join(bodies)[:5000]


def reason_context(conversation: Conversation, form: EndForm | None) -> dict[str, Any]:
    """The reason picker's context (as the workspace's): suggestions for the chat's text, a
    sure one chosen; the case's reason, or the agent's own choice, kept."""
    case = conversation.case
    if case is None:
        return {}
    found = suggest(text) if (text := chat_text(conversation)) else None
    items = found.items if found else []
    token = (
        sign_suggestion(
            suggested=[(item.reason.code, item.score) for item in items],
            model_version=found.model_version,
        )
        if found and items
        else ""
    )
    sure = found.sure.pk if found and found.sure else None
    chosen: object = case.reason_id or sure
    if form is not None and form.is_bound and form["reason"].value():
        chosen = form["reason"].value()
    return {
        "suggestions": items,
        "suggestion_token": token,
        "confident": bool(found and found.confident),
        "chosen": chosen,
        "reasons": cases.frequent_reasons(customer=case.customer, organization=case.organization),
    }
