"""The export holds what the customer said and did themselves outside cases: survey answers,
chats, community posts (with earlier versions) and help-centre searches and article feedback.
None of it is anyone else's: another customer's chat or post is not in hers."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import Case, Channel
from lytte.cases.services import open_case
from lytte.chat.models import ChatWidget, Conversation, Message, Sender
from lytte.community.models import Category
from lytte.community.services.members import choose_display_name
from lytte.community.services.posting import ask, edit
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.feedback.models import OptOut, Survey
from lytte.knowledge.models import Feedback, SearchQuery, SearchSource
from lytte.knowledge.tests.factories import invoice_article
from lytte.privacy.tests.test_export import exported, read


def _survey(ase: Customer, agent: User) -> Case:
    case = open_case(channel=Channel.PHONE, customer=ase, subject="Strømbrudd", opened_by=agent)
    now = timezone.now()
    Survey.objects.create(
        case=case,
        customer=ase,
        send_after=now,
        sent_at=now,
        score=2,
        answered_at=now + timedelta(minutes=5),
        comment="Ventet for lenge på svar, æøå.",
    )
    OptOut.objects.create(customer=ase)
    return case


def _chats(ase: Customer, other: Customer, agent: User) -> None:
    widget = ChatWidget.objects.create(name="Kraftselskapet")
    for number, (who, text) in enumerate(
        [(ase, "Hei, er det strømbrudd på Ærøy?"), (other, "Min egen chat")]
    ):
        chat = Conversation.objects.create(
            widget=widget, client_id=f"client-{number}", token_digest=f"t{number}", customer=who
        )
        Message.objects.create(
            conversation=chat, seq=1, sender=Sender.CUSTOMER, body=text, sent_at=timezone.now()
        )
        Message.objects.create(
            conversation=chat,
            seq=2,
            sender=Sender.AGENT,
            author=agent,
            body="Vi ser på det.",
            sent_at=timezone.now(),
        )


def _community(ase: Customer, other: Customer) -> None:
    category = Category.objects.create(slug="strom", name="Power", name_nb="Strøm")
    hers = ask(
        member=choose_display_name(ase, "Fjellbygda"),
        category=category,
        language="nb",
        title="Måleren blinker",
        body="Den blinker rødt.",
    )
    edit(
        post=hers.posts.get(),
        body="Den blinker rødt hver natt.",
        member=hers.author,
        title="Måleren blinker",
    )
    ask(
        member=choose_display_name(other, "Naboen"),
        category=category,
        language="nb",
        title="Naboens spørsmål",
        body="Ikke hennes.",
    )


def _help_centre(ase: Customer) -> None:
    SearchQuery.objects.create(
        source=SearchSource.PORTAL, language="nb", query="strømbrudd ærøy", results=1, customer=ase
    )
    Feedback.objects.create(
        translation=invoice_article(),
        helpful=False,
        comment="Sa ikke når strømmen kommer.",
        customer=ase,
    )


def test_the_export_holds_her_surveys_chats_posts_and_searches_and_no_one_elses(
    ase: Customer, agent: User, supervisor: User
) -> None:
    other = create_customer(name="Nils Nabo", emails=["nils@example.no"])
    case = _survey(ase, agent)
    _chats(ase, other, agent)
    _community(ase, other)
    _help_centre(ase)

    files = exported(ase, supervisor)

    survey, opted_out = read(files, "feedback.json")
    assert (survey["case"], survey["score"]) == (case.number, 2)
    assert survey["comment"] == "Ventet for lenge på svar, æøå."
    assert "opted_out_of_surveys_at" in opted_out
    (chat,) = read(files, "chats.json")
    assert [(m["from"], m["text"]) for m in chat["messages"]] == [
        ("customer", "Hei, er det strømbrudd på Ærøy?"),
        ("agent", "Vi ser på det."),
    ]
    assert chat["messages"][1]["agent"] == "Ingrid"  # as she saw the agent: the first name
    community = read(files, "community.json")
    assert community["display_name"] == "Fjellbygda"
    (post,) = community["posts"]
    assert (post["thread"], post["text"]) == ("Måleren blinker", "Den blinker rødt hver natt.")
    assert [v["text"] for v in post["earlier_versions"]] == ["Den blinker rødt."]
    help_centre = read(files, "help_centre.json")
    assert [s["query"] for s in help_centre["searches"]] == ["strømbrudd ærøy"]
    assert help_centre["article_feedback"][0]["comment"] == "Sa ikke når strømmen kommer."
    everything = b"".join(files.values())
    assert b"Min egen chat" not in everything
    assert "Naboens spørsmål".encode() not in everything
    assert "chats.json" in files["README.txt"].decode()
