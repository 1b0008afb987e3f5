"""A word index on case subjects, so subject search stops reading every case (decision 18)."""

from __future__ import annotations

from django.db import migrations

from lytte.platform.word_index import word_index


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_case_resolved_index")]

    operations = [word_index("cases_case", "subject", "UPPER(subject)")]
