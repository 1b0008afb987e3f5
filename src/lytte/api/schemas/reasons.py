"""Contact reasons, as the API reads and writes them."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field, StrictBool, StrictInt

from lytte.api.schemas.common import BodyId, Id, Input, Name, left_out
from lytte.cases.models import ContactReason

Code = Field(max_length=64, pattern=r"^[-a-zA-Z0-9_]+$", description='A slug, e.g. "delivery".')


class ReasonOut(Schema):
    id: int
    code: str
    parent: int | None = Field(description="Id of the parent reason.")
    label: str = Field(description="The name in the language of the request.")
    name: str = Field(description="English.")
    name_nb: str
    name_da: str
    name_sv: str
    name_fi: str
    active: bool
    position: int

    @staticmethod
    def resolve_parent(obj: ContactReason) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_label(obj: ContactReason) -> str:
        return obj.localized_name()


class ReasonIn(Input):
    code: str = Code
    name: Name = Field(max_length=100, description="English; the fallback for every language.")
    name_nb: str = Field("", max_length=100)
    name_da: str = Field("", max_length=100)
    name_sv: str = Field("", max_length=100)
    name_fi: str = Field("", max_length=100)
    parent: BodyId | None = None
    active: StrictBool = True
    position: StrictInt = Field(0, ge=0, le=32767)


class ReasonPatch(Input):
    """Only the fields sent change; null clears the parent."""

    code: str | None = left_out(max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    name: Name | None = left_out(max_length=100)
    name_nb: str | None = left_out(max_length=100)
    name_da: str | None = left_out(max_length=100)
    name_sv: str | None = left_out(max_length=100)
    name_fi: str | None = left_out(max_length=100)
    parent: BodyId | None = None
    active: StrictBool | None = left_out()
    position: StrictInt | None = left_out(ge=0, le=32767)


class ReasonFilters(Schema):
    active: bool | None = None
    parent: Id | None = Field(None, description="Only the sub-reasons of this reason.")


class SuggestIn(Input):
    text: str = Field(
        min_length=1, max_length=20_000, description="What the customer wrote or the agent noted."
    )


class SuggestedReason(Schema):
    reason: ReasonOut
    score: float = Field(description="0 to 1: how sure the suggestion is.")
    source: str = Field(description='"model" (trained on your history) or "keywords" (rules).')


class SuggestOut(Schema):
    suggestions: list[SuggestedReason] = Field(description="At most three, best first.")
    model_version: int | None = Field(description="The trained model used; none before training.")
    confident: bool = Field(
        description="The first suggestion is sure enough to be chosen without asking: its score "
        "reached the threshold learnt for its reason (where that reason's first suggestions "
        "were right often enough on texts held out in training) and the organization's "
        "preselect setting. False: the suggestions are only possibilities; choose none."
    )
