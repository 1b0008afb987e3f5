"""/identify: who is behind a phone number or an email address (a PBX asks before answering)."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from lytte.api.auth import require
from lytte.api.schemas.common import ERRORS, NO_NUL
from lytte.api.schemas.customers import IdentificationOut
from lytte.customers.selectors import Identification, identify

router = Router(tags=["customers"])

Address = Annotated[str, Field(min_length=1, max_length=254, pattern=NO_NUL)]


@router.get("", response={200: IdentificationOut, **ERRORS})
def identify_address(request: HttpRequest, address: Address) -> Identification:
    """Customers owning `address` (any written form), most recently in contact first, and
    the organization: the owner of the number or email domain, or the one all matches share.

    400 when `address` is neither a phone number nor an email address (or is withheld)."""
    require(request, "customers.view_customer")
    return identify(address)
