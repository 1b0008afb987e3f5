"""Word indexes on customers' and organizations' folded names, so name search stops reading
every name when few match (decision 18)."""

from __future__ import annotations

from django.db import migrations

from lytte.platform.word_index import word_index


class Migration(migrations.Migration):
    dependencies = [("customers", "0004_contactpoint_failing")]

    operations = [
        word_index("customers_customer", "name_folded", "name_folded"),
        word_index("customers_organization", "name_folded", "name_folded"),
    ]
