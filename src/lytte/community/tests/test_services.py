"""The community's writes: asking, replying, editing with history, votes, "same problem",
accepting, display names, and the rate limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lytte.accounts.models import User
from lytte.audit.models import AuditEvent
from lytte.community import policies, selectors, services
from lytte.community.models import Category, Member, Post, Revision, Thread, ThreadKind
from lytte.customers.models import Customer


def test_asking_writes_the_thread_and_its_opening_post(question: Thread) -> None:
    opening = question.posts.get()
    assert opening.opening
    assert opening.author == question.author
    assert question.language == "nb"
    assert question.kind == ThreadKind.QUESTION
    assert not question.solved


def test_a_member_without_a_display_name_cannot_post(kari: Customer, category: Category) -> None:
    nameless = Member.objects.create(customer=kari)
    with pytest.raises(PermissionDenied):
        services.ask(member=nameless, category=category, language="nb", title="Hei", body="Hei")


def test_a_category_limited_to_a_language_takes_threads_only_in_it(
    kari_member: Member, category: Category
) -> None:
    category.language = "sv"
    category.save()
    with pytest.raises(ValidationError):
        services.ask(member=kari_member, category=category, language="nb", title="Hei", body="x")


def test_a_member_edits_their_own_post_and_the_earlier_text_is_kept(
    question: Thread, kari_member: Member
) -> None:
    opening = question.posts.get()
    services.edit(post=opening, body="Nå kom den.", title="Fakturaen kom", member=kari_member)
    opening.refresh_from_db()
    question.refresh_from_db()
    assert (opening.body, question.title) == ("Nå kom den.", "Fakturaen kom")
    assert opening.edited_at is not None
    assert list(Revision.objects.values_list("body", flat=True)) == [
        "Jeg har **ikke** fått fakturaen for mai."
    ]


def test_a_member_cannot_edit_someone_elses_post(question: Thread, ola_member: Member) -> None:
    opening = question.posts.get()
    with pytest.raises(PermissionDenied):
        services.edit(post=opening, body="Hacket", title="Hacket", member=ola_member)
    opening.refresh_from_db()
    assert opening.body.startswith("Jeg har")


def test_staff_reply_as_staff_and_edit_only_their_own(
    question: Thread, agent: User, supervisor: User, kari_member: Member
) -> None:
    post = services.reply(thread=question, body="Vi sender en ny.", staff=agent)
    assert post.by_staff
    assert post.author is None
    assert post.staff == agent
    assert AuditEvent.objects.filter(action="community.staff_replied").count() == 1
    assert policies.can_edit(post, staff=agent)
    assert not policies.can_edit(post, staff=supervisor)
    assert not policies.can_edit(post, member=kari_member)
    # Staff cannot edit a customer's words.
    assert not policies.can_edit(question.posts.get(opening=True), staff=agent)


def test_a_customer_is_no_staff(question: Thread, ola_member: Member) -> None:
    assert not policies.is_staff(None)
    with pytest.raises(PermissionDenied):
        services.reply(thread=question, body="Hei", member=None, staff=None)


def test_the_asker_accepts_an_answer_and_it_comes_first(
    question: Thread, kari_member: Member, ola_member: Member, agent: User
) -> None:
    staff_reply = services.reply(thread=question, body="Vi ser på det.", staff=agent)
    answer = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    with pytest.raises(PermissionDenied):
        services.accept(post=answer, member=ola_member)  # not the asker
    with pytest.raises(PermissionDenied):
        services.accept(post=question.posts.get(opening=True), member=kari_member)
    services.accept(post=answer, member=kari_member)
    question.refresh_from_db()
    assert question.accepted == answer
    _opening, replies = selectors.posts(question, None)
    assert [post.pk for post in replies] == [answer.pk, staff_reply.pk]
    services.accept(post=answer, member=kari_member)  # again: taken back
    question.refresh_from_db()
    assert question.accepted is None


def test_staff_may_accept_an_answer(question: Thread, ola_member: Member, agent: User) -> None:
    answer = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    services.accept(post=answer, staff=agent)
    question.refresh_from_db()
    assert question.accepted == answer
    assert AuditEvent.objects.filter(action="community.answer_accepted").exists()


def test_votes_are_one_per_member_never_ones_own_and_only_on_replies(
    question: Thread, kari_member: Member, ola_member: Member
) -> None:
    answer = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    assert services.toggle_vote(post=answer, member=kari_member) is True
    assert answer.votes.count() == 1
    assert services.toggle_vote(post=answer, member=kari_member) is False
    assert answer.votes.count() == 0
    with pytest.raises(PermissionDenied):
        services.toggle_vote(post=answer, member=ola_member)
    with pytest.raises(PermissionDenied):
        services.toggle_vote(post=question.posts.get(opening=True), member=ola_member)


def test_same_problem_is_for_other_members_questions(
    question: Thread, kari_member: Member, ola_member: Member
) -> None:
    assert services.toggle_same_problem(thread=question, member=ola_member) is True
    assert question.same_problems.count() == 1
    with pytest.raises(PermissionDenied):
        services.toggle_same_problem(thread=question, member=kari_member)


def test_the_rate_limit_stops_a_member_writing_too_fast(
    question: Thread, ola_member: Member
) -> None:
    for number in range(services.posting.POSTS_PER_WINDOW):
        services.reply(thread=question, body=f"Svar {number}", member=ola_member)
    with pytest.raises(services.RateLimited):
        services.reply(thread=question, body="Ett til", member=ola_member)
    assert Post.objects.filter(author=ola_member).count() == services.posting.POSTS_PER_WINDOW


def test_new_threads_are_limited_per_hour(kari_member: Member, category: Category) -> None:
    for number in range(services.posting.THREADS_PER_HOUR):
        services.ask(
            member=kari_member, category=category, language="nb", title=f"Q{number}", body="x"
        )
    with pytest.raises(services.RateLimited):
        services.ask(member=kari_member, category=category, language="nb", title="Q", body="x")


@pytest.mark.parametrize(
    "name", ["kari@example.no", "+47 912 34 567", "91234567", "ab", "Staff", "<b>x</b>"]
)
def test_a_display_name_is_no_address_no_number_and_not_reserved(kari: Customer, name: str) -> None:
    with pytest.raises(ValidationError):
        services.choose_display_name(kari, name)


def test_display_names_are_unique_ignoring_case(kari_member: Member, ola: Customer) -> None:
    with pytest.raises(ValidationError):
        services.choose_display_name(ola, "FJORDKARI")
    assert services.choose_display_name(kari_member.customer, "Kari N.").display_name == "Kari N."


def test_similar_threads_are_solved_ones_sharing_words(
    question: Thread,
    ola_member: Member,
    kari_member: Member,
    category: Category,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    assert selectors.similar_threads("Hvor er fakturaene mine?", "nb") == []  # not solved yet
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(post=answer, member=kari_member)
    assert selectors.similar_threads("Hvor er fakturaene mine?", "nb") == [question]
    assert selectors.similar_threads("Strømbrudd i Oslo", "nb") == []
    assert selectors.similar_threads("fakturaen", "sv") == []


def test_an_edited_reply_counts_its_votes_once(
    question: Thread, kari_member: Member, ola_member: Member
) -> None:
    answer = services.reply(thread=question, body="Sjekk eFaktura.", member=ola_member)
    services.edit(post=answer, body="Sjekk eFaktura i banken.", member=ola_member)
    services.edit(post=answer, body="Sjekk eFaktura i nettbanken.", member=ola_member)
    services.toggle_vote(post=answer, member=kari_member)
    _opening, replies = selectors.posts(question, kari_member)
    assert [(post.vote_count, post.voted) for post in replies] == [(1, True)]  # type: ignore[attr-defined]
