"""Every change to cases and contacts: receive, open, log, attach, categorise, assign, resolve.

Each function validates, writes, leaves an AuditEvent and announces a domain event after
commit. User-facing problems raise ValidationError (field -> messages) or PermissionDenied.
The modules: `numbers` (case numbers), `opening` (a new case), `contacts` (a contact on a case),
`workflow` (reason, status, assignment, details), `work` (an agent's save from the workspace),
`intake` (the one entry for every inbound contact).
"""

from lytte.cases.services.common import LIVE_CHANNELS, UNSET
from lytte.cases.services.contacts import (
    LoggedContact,
    attach_contact,
    finish_contact,
    log_contact,
)
from lytte.cases.services.intake import (
    NewCaseAt,
    NewCustomer,
    ReceivedContact,
    receive_contact,
)
from lytte.cases.services.numbers import reserve_case_numbers
from lytte.cases.services.opening import open_case
from lytte.cases.services.work import change_case, record_work
from lytte.cases.services.workflow import (
    assign,
    identify_caller,
    resolve,
    set_caller,
    set_reason,
    set_status,
    update_case,
)

__all__ = [
    "LIVE_CHANNELS",
    "UNSET",
    "LoggedContact",
    "NewCaseAt",
    "NewCustomer",
    "ReceivedContact",
    "assign",
    "attach_contact",
    "change_case",
    "finish_contact",
    "identify_caller",
    "log_contact",
    "open_case",
    "receive_contact",
    "record_work",
    "reserve_case_numbers",
    "resolve",
    "set_caller",
    "set_reason",
    "set_status",
    "update_case",
]
