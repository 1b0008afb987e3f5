"""Case numbers: consecutive, never handed out twice, also under concurrent writers."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Max

from lytte.cases.models import Case, CaseNumberSequence


def reserve_case_numbers(count: int = 1) -> range:
    """Take `count` consecutive case numbers. One UPDATE ... RETURNING (SQLite 3.35+ and
    PostgreSQL): atomic by itself, and its row lock serialises concurrent writers."""
    quote = connection.ops.quote_name
    table, last = quote(CaseNumberSequence._meta.db_table), quote("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + %s WHERE id = 1 RETURNING {last}",  # noqa: S608 -- names from the model, count is a parameter
            [count],
        )
        row = cursor.fetchone()
    if row is None:
        # The row is seeded by a migration; a flushed database starts after its highest case.
        with transaction.atomic():
            highest = Case.objects.aggregate(highest=Max("number"))["highest"] or 1000
            CaseNumberSequence.objects.create(pk=1, last=highest + count)
        return range(highest + 1, highest + count + 1)
    return range(row[0] - count + 1, row[0] + 1)
