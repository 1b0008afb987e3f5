"""The contact-reason taxonomy every installation starts with (DESIGN.md), in five languages,
and the row that hands out case numbers."""

from django.db import migrations

# code, English, Norwegian Bokmål, Danish, Swedish, Finnish
REASONS = [
    ("order", "Order", "Bestilling", "Bestilling", "Beställning", "Tilaus"),
    ("delivery", "Delivery", "Levering", "Levering", "Leverans", "Toimitus"),
    (
        "invoice",
        "Invoice/payment",
        "Faktura/betaling",
        "Faktura/betaling",
        "Faktura/betalning",
        "Lasku/maksu",
    ),
    ("complaint", "Complaint", "Klage", "Klage", "Klagomål", "Reklamaatio"),
    (
        "fault",
        "Fault/not working",
        "Feil/virker ikke",
        "Fejl/virker ikke",
        "Fel/fungerar inte",
        "Vika/ei toimi",
    ),
    (
        "wrong-information",
        "Wrong or missing information",
        "Feil eller manglende informasjon",
        "Forkert eller manglende information",
        "Felaktig eller saknad information",
        "Väärä tai puuttuva tieto",
    ),
    (
        "question",
        "Question/how-to",
        "Spørsmål/veiledning",
        "Spørgsmål/vejledning",
        "Fråga/vägledning",
        "Kysymys/neuvonta",
    ),
    (
        "account",
        "Account/change of details",
        "Konto/endring av opplysninger",
        "Konto/ændring af oplysninger",
        "Konto/ändring av uppgifter",
        "Tili/tietojen muutos",
    ),
    (
        "cancellation",
        "Cancellation",
        "Oppsigelse/avbestilling",
        "Opsigelse/afbestilling",
        "Uppsägning/avbokning",
        "Irtisanominen/peruutus",
    ),
    ("praise", "Praise", "Ros", "Ros", "Beröm", "Kiitos"),
    ("other", "Other", "Annet", "Andet", "Övrigt", "Muu"),
]


def seed(apps, schema_editor):
    ContactReason = apps.get_model("cases", "ContactReason")
    for position, (code, en, nb, da, sv, fi) in enumerate(REASONS):
        ContactReason.objects.get_or_create(
            code=code,
            defaults={
                "name": en,
                "name_nb": nb,
                "name_da": da,
                "name_sv": sv,
                "name_fi": fi,
                "position": position * 10,
            },
        )
    apps.get_model("cases", "CaseNumberSequence").objects.get_or_create(
        pk=1, defaults={"last": 1000}
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
