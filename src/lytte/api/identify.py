"""/identify: who is behind a phone number or an email address (a PBX asks before answering)."""

from django.http import HttpRequest
from ninja import Router

from lytte.api.auth import require
from lytte.api.schemas.common import ERRORS
from lytte.api.schemas.customers import IdentificationOut
from lytte.customers.selectors import Identification, identify

router = Router(tags=["customers"])


@router.get("", response={200: IdentificationOut, **ERRORS})
def identify_address(request: HttpRequest, address: str) -> Identification:
    """Customers owning `address` (any written form), most recently in contact first, and
    the organization: the owner of the number or email domain, or the one all matches share.

    400 when `address` is neither a phone number nor an email address (or is withheld)."""
    require(request, "customers.view_customer")
    return identify(address)
