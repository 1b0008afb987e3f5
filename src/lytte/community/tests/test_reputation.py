"""Reputation from accepted answers and votes, badges for helpers, on the public profile; no
profile for an erased member, and nothing of the customer on it."""

from __future__ import annotations

from django.test import Client

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.models import Member, Thread
from lytte.community.reputation import standing
from lytte.privacy.services import erase_customer


def test_reputation_and_badges_on_the_public_profile(
    question: Thread, kari_member: Member, ola_member: Member, supervisor: User, admin_user: User
) -> None:
    assert standing(ola_member).reputation == 0
    answer = services.reply(thread=question, body="Se Mine fakturaer.", member=ola_member)
    services.toggle_vote(post=answer, member=kari_member)
    services.accept(post=answer, member=kari_member)
    now = standing(ola_member)
    assert (now.accepted, now.votes, now.reputation) == (1, 1, 11)
    assert [badge.code for badge in now.badges] == ["helper"]

    thread_page = Client().get(f"/help/nb/community/threads/{question.pk}/").content.decode()
    profile_path = f"/help/nb/community/members/{ola_member.pk}/"
    assert f'href="{profile_path}"' in thread_page
    profile = Client().get(profile_path).content.decode()
    assert 'id="member-reputation">11<' in profile
    assert "community-badge-helper" in profile
    assert "Hansen" not in profile
    assert "ola@example.no" not in profile

    services.hide(post=answer, moderator=supervisor)  # a hidden answer earns nothing
    assert standing(ola_member).reputation == 0
    erase_customer(customer=ola_member.customer, erased_by=admin_user, reason="Bedt om")
    assert Client().get(profile_path).status_code == 404
