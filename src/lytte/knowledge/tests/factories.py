"""A realistic article for the pages' tests: Norwegian source saved twice (so it has a
history), a Finnish translation left behind (outdated), Swedish missing, an image, a tag."""

from __future__ import annotations

from lytte.knowledge import services
from lytte.knowledge.models import Category, State, Translation
from lytte.knowledge.services import files

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
BODY = """Du kan endre fakturaadressen selv på **Min side** fram til fakturaen er sendt.

## Slik gjør du det
1. Logg inn med BankID.
2. Velg *Konto og innlogging* → *Fakturaadresse*.
3. Skriv inn ny adresse og lagre.

| Betalingsmåte | Kan endres |
|---|---|
| eFaktura | Ja, i nettbanken |
| Papirfaktura | Ja, her |

Se også [betalingsutsettelse](../betalingsutsettelse/).
"""


def invoice_article() -> Translation:
    """The Norwegian text of "Endre fakturaadresse", published."""
    category, _created = Category.objects.get_or_create(
        slug="payment", defaults={"name": "Payment and invoices", "name_nb": "Betaling og faktura"}
    )
    article = services.create_article(
        by=None, source_language="nb", category=category, tags=["faktura", "adresse"]
    )
    services.save_translation(
        article=article, language="nb", title="Endre fakturaadresse", body=BODY[:120], by=None
    )
    services.save_translation(
        article=article,
        language="fi",
        title="Laskutusosoitteen muuttaminen",
        body="Voit muuttaa laskutusosoitteen itse **Omilla sivuilla**, kunnes lasku on lähetetty.",
        by=None,
    )
    text = services.save_translation(
        article=article, language="nb", title="Endre fakturaadresse", body=BODY, by=None
    )
    services.set_state(text, State.REVIEW, by=None)
    services.set_state(text, State.PUBLISHED, by=None)
    files.upload(article=article, filename="min-side.png", content=PNG, by=None)
    return text
