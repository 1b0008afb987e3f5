"""A small help centre of its own (not the demo's): a few public articles in Norwegian and
Finnish, one also in Swedish, an internal one, a draft, and an article renamed once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lytte.knowledge import services
from lytte.knowledge.models import Category, SlugRedirect, State, Translation, Visibility


@dataclass
class HelpCentre:
    invoices: Category
    payment: Category  # under invoices
    delivery: Category
    invoice_nb: Translation
    invoice_fi: Translation
    invoice_sv: Translation
    due_date_nb: Translation
    delivery_fi: Translation
    delivery_nb: Translation
    internal_nb: Translation
    draft_nb: Translation


def write(
    language: str,
    title: str,
    body: str,
    *,
    category: Category | None = None,
    visibility: str = Visibility.PUBLIC,
    publish: bool = True,
    article: object = None,
) -> Translation:
    """A translation as an editor makes it: through the knowledge services."""
    if article is None:
        article = services.create_article(
            by=None, source_language=language, visibility=visibility, category=category
        )
    translation = services.save_translation(
        article=article,  # type: ignore[arg-type]
        language=language,
        title=title,
        body=body,
        by=None,
    )
    if publish:
        services.set_state(translation, State.PUBLISHED, by=None)
    return translation


def renamed(translation: Translation, old_slug: str) -> None:
    """An earlier slug of `translation` (the editor's services record it on a rename)."""
    SlugRedirect.objects.get_or_create(
        language=translation.language, slug=old_slug, defaults={"translation": translation}
    )


@pytest.fixture
def help_centre(db: None) -> HelpCentre:
    invoices = Category.objects.update_or_create(
        slug="invoices",
        defaults={
            "name": "Invoices",
            "name_nb": "Faktura",
            "name_fi": "Laskut",
            "name_sv": "Fakturor",
        },
    )[0]
    payment = Category.objects.update_or_create(
        slug="payment",
        defaults={
            "parent": invoices,
            "name": "Payment",
            "name_nb": "Betaling",
            "name_fi": "Maksaminen",
        },
    )[0]
    delivery = Category.objects.update_or_create(
        slug="delivery",
        defaults={"name": "Delivery", "name_nb": "Levering", "name_fi": "Toimitus", "position": 1},
    )[0]
    invoice_nb = write(
        "nb",
        "Faktura og betaling",
        "Fakturaen sendes på e-post den første virkedagen i måneden. Du kan også få den i "
        "nettbanken som eFaktura.",
        category=invoices,
    )
    invoice_fi = write(
        "fi",
        "Lasku ja maksaminen",
        "Saat laskun sähköpostiisi kuukauden ensimmäisenä arkipäivänä. Voit myös valita "
        "e-laskun verkkopankissa.",
        article=invoice_nb.article,
    )
    invoice_sv = write(
        "sv",
        "Faktura och betalning",
        "Fakturan skickas med e-post den första vardagen i månaden.",
        article=invoice_nb.article,
    )
    due_date_nb = write(
        "nb",
        "Forfallsdato og purring",
        "Forfallsdatoen står øverst på fakturaen. Betaler du for sent, sender vi en purring.",
        category=payment,
    )
    delivery_nb = write(
        "nb",
        "Leveringstid",
        "Levering tar vanligvis to til fem virkedager.",
        category=delivery,
    )
    delivery_fi = write(
        "fi",
        "Toimitusajat",
        "Toimitus kestää yleensä kahdesta viiteen arkipäivää.",
        article=delivery_nb.article,
    )
    invoice_nb.article.related.add(due_date_nb.article)
    internal_nb = write(
        "nb",
        "Rutine for kreditering av faktura",
        "Kun for ansatte: slik krediterer du en faktura i økonomisystemet.",
        category=invoices,
        visibility=Visibility.INTERNAL,
    )
    draft_nb = write(
        "nb", "Ny fakturaløsning", "Snart kommer en ny faktura.", category=invoices, publish=False
    )
    renamed(invoice_nb, "fakturaen-din")
    return HelpCentre(
        invoices=invoices,
        payment=payment,
        delivery=delivery,
        invoice_nb=invoice_nb,
        invoice_fi=invoice_fi,
        invoice_sv=invoice_sv,
        due_date_nb=due_date_nb,
        delivery_fi=delivery_fi,
        delivery_nb=delivery_nb,
        internal_nb=internal_nb,
        draft_nb=draft_nb,
    )
