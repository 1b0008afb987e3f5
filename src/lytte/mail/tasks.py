"""Background mail work, run by `lytte worker`."""

from __future__ import annotations

from django_tasks import task

from lytte.mail.services import outbound


@task()
def deliver_outbound(outbound_id: int) -> None:
    outbound.deliver(outbound_id=outbound_id)
