"""Erasing a customer (decision 20) leaves "former member" and no text of theirs in the
community; the threads keep their replies, votes and accepted answer."""

from __future__ import annotations

from django.test import Client

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.models import Member, Post, Revision, Thread
from lytte.privacy.services import erase_customer


def test_erasure_leaves_a_former_member_and_removes_their_words(
    question: Thread, kari_member: Member, ola_member: Member, admin_user: User
) -> None:
    opening = question.posts.get()
    services.edit(post=opening, body="Fortsatt ingen faktura", title="Mai", member=kari_member)
    answer = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    services.accept(post=answer, member=kari_member)
    services.toggle_vote(post=answer, member=kari_member)

    erase_customer(customer=kari_member.customer, erased_by=admin_user, reason="Bedt om sletting")

    kari_member.refresh_from_db()
    question.refresh_from_db()
    assert kari_member.display_name == ""
    assert kari_member.erased_at is not None
    assert question.title == ""
    assert list(Post.objects.filter(author=kari_member).values_list("body", flat=True)) == [""]
    assert not Revision.objects.exists()
    assert question.accepted == answer
    assert answer.votes.count() == 1
    assert Post.objects.get(pk=answer.pk).body == "Sjekk eFaktura."

    page = Client().get(f"/help/nb/community/threads/{question.pk}/").content.decode()
    assert "tidligere medlem" in page or "former member" in page
    assert "Fjordkari" not in page
    assert "faktura for mai" not in page.lower()
    assert "Sjekk eFaktura." in page
