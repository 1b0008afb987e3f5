from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team, User
from lytte.cases.models import Case, Channel, ContactReason, Status
from lytte.customers.models import Organization


def assignable_staff(agent: User, keep: int | None = None) -> QuerySet[User]:
    """Whom `agent` may give a case to: supervisors anyone who works cases, agents themselves and
    their teammates; plus `keep` (the current assignee), so the form can show them."""
    staff = User.objects.filter(is_active=True, groups__permissions__codename="change_case")
    if not agent.has_perm("cases.work_any_case"):
        staff = staff.filter(Q(teams__in=agent.teams.all()) | Q(pk=agent.pk))
    return User.objects.filter(Q(pk__in=staff.values("pk")) | Q(pk=keep or 0)).order_by(
        "first_name", "last_name", "username"
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names when the form has one,
    otherwise above the form."""
    for field, messages in error.message_dict.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class LogForm(forms.Form):
    """The workspace's one form: note, reason (or "no reason yet"), status, assignee (and team,
    for supervisors)."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
    )
    reason = forms.ModelChoiceField(
        label=_("Contact reason"),
        queryset=ContactReason.objects.filter(active=True),
        required=False,
        error_messages={"invalid_choice": _("That contact reason does not exist or is retired.")},
    )
    no_reason_yet = forms.BooleanField(label=_("No reason yet"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    assignee = StaffChoiceField(label=_("Assignee"), queryset=User.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)

    def __init__(self, *args: Any, case: Case, agent: User, **kwargs: Any) -> None:
        self.agent = agent  # whose workspace: what it shows around the case follows their reach
        kwargs.setdefault(
            "initial",
            {
                "reason": case.reason_id,
                "status": case.status,
                "assignee": case.assignee_id,
                "team": case.team_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.case = case
        assignee_field = cast("forms.ModelChoiceField[User]", self.fields["assignee"])
        assignee_field.queryset = assignable_staff(agent, keep=case.assignee_id)
        assignee_field.empty_label = gettext("Nobody")
        team_field = cast("forms.ModelChoiceField[Team]", self.fields["team"])
        teams = Team.objects.all()
        if not agent.has_perm("cases.work_any_case"):
            teams = teams.filter(Q(members=agent) | Q(pk=case.team_id or 0)).distinct()
        team_field.queryset = teams
        team_field.empty_label = gettext("No team")

    def changes(self) -> dict[str, Any]:
        """What the agent changed, for cases.services.record_work."""
        data = self.cleaned_data
        changed: dict[str, Any] = {
            "note": data["note"],
            "status": data["status"],
            "no_reason_yet": data["no_reason_yet"],
        }
        if data["reason"] is not None:
            changed["reason"] = data["reason"]
        if data["assignee"] != self.case.assignee:
            changed["assignee"] = data["assignee"]
        if data["team"] != self.case.team:
            changed["team"] = data["team"]
        return changed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        reason = data.get("reason")
        untouched = (
            not (data.get("note") or "").strip()
            and (reason is None or reason.pk == self.case.reason_id)
            and data.get("status") == self.case.status
            and data.get("assignee") == self.case.assignee
            and data.get("team") == self.case.team
        )
        if untouched:
            raise forms.ValidationError(
                gettext("Write a note, or change the reason, status or assignee."),
                code="nothing",
            )
        return data


class AddressForm(forms.Form):
    address = forms.CharField(
        label=_("Phone number or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


class StartCaseForm(forms.Form):
    """Start a case for a known customer, a new one, or nobody yet."""

    channel = forms.ChoiceField(
        label=_("They contacted us by"),
        choices=[c for c in Channel.choices if c[0] != Channel.NOTE],
        initial=Channel.PHONE,
    )
    address = forms.CharField(required=False, max_length=254, widget=forms.HiddenInput)
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)


class ReplyForm(forms.Form):
    """An email answer to the customer, from the case workspace."""

    to = forms.CharField(label=_("To"), max_length=1000)
    body = forms.CharField(
        label=_("Reply by email"), max_length=50_000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def recipients(self) -> list[str]:
        return [part.strip() for part in self.cleaned_data["to"].replace(";", ",").split(",")]


class CommunityReplyForm(forms.Form):
    """An answer to a question escalated from the community, posted in its thread as staff."""

    prefix = "community"
    body = forms.CharField(
        label=_("Your answer"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Posted in the thread as a staff reply, for everyone to read."),
    )
