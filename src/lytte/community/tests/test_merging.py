"""Merging and splitting threads: posts move in order of time, the old address redirects,
votes, "same problem", accepted answers and escalations are handled; nonsense is refused with
a form error; moderators only; both audited and in the moderation log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from lytte.accounts.models import User
from lytte.audit.models import AuditEvent
from lytte.community import selectors, services
from lytte.community.models import Category, Member, Post, SameProblem, Thread, Vote
from lytte.community.services.escalation import thread_of_case
from lytte.customers.services import create_customer

BASE = "/help/nb/community/"


@pytest.fixture
def per(db: None) -> Member:
    customer = create_customer(name="Per Olsen", emails=["per@example.no"], language="nb")
    return services.choose_display_name(customer, "Per i Tromsø")


def _at(post: Post, minutes: int) -> Post:
    """Date a post back, so the order of time is the test's, not the clock's."""
    moment = timezone.now() - timedelta(days=1) + timedelta(minutes=minutes)
    Post.objects.filter(pk=post.pk).update(created_at=moment)
    post.refresh_from_db()
    return post


def _duplicate(member: Member, category: Category, minutes: int) -> Thread:
    thread = services.ask(
        member=member, category=category, language="nb", title="Fakturaen mangler", body="Hjelp"
    )
    _at(thread.posts.get(), minutes)
    Thread.objects.filter(pk=thread.pk).update(
        created_at=timezone.now() - timedelta(days=1) + timedelta(minutes=minutes)
    )
    thread.refresh_from_db()
    return thread


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_merge_moves_posts_in_order_of_time_and_the_old_address_redirects(
    question: Thread, ola_member: Member, per: Member, category: Category, supervisor: User
) -> None:
    _at(question.posts.get(), 0)
    first = _at(services.reply(thread=question, body="Sjekk eFaktura", member=ola_member), 10)
    other = _duplicate(per, category, 5)
    other_opening = other.posts.get()
    middle = _at(services.reply(thread=other, body="Samme her", member=ola_member), 7)
    Vote.objects.create(post=middle, member=per)

    services.merge(source=other, target=question, moderator=supervisor)

    opening, replies = selectors.posts(question, None)
    assert opening is not None
    assert opening.thread_id == question.pk
    assert [post.pk for post in replies] == [other_opening.pk, middle.pk, first.pk]
    assert Vote.objects.get().post_id == middle.pk  # votes move with their posts
    other.refresh_from_db()
    assert (other.merged_into_id, other.listed) == (question.pk, False)
    assert list(selectors.threads(category, "nb")) == [question]

    response = Client().get(f"{BASE}threads/{other.pk}/")
    assert (response.status_code, response["Location"]) == (
        301,
        f"{BASE}threads/{question.pk}/",
    )
    event = AuditEvent.objects.get(action="community.thread_merged")
    assert (event.actor, event.data["into"], event.data["posts"]) == (supervisor, question.pk, 2)
    assert "community.thread_merged" in [e.action for e in selectors.moderation_log()]


def test_merge_carries_same_problem_and_the_accepted_answer_when_the_target_has_none(
    question: Thread,
    kari_member: Member,
    ola_member: Member,
    per: Member,
    category: Category,
    supervisor: User,
) -> None:
    other = _duplicate(per, category, 5)
    answer = services.reply(thread=other, body="Ring oss", member=ola_member)
    services.accept(post=answer, member=per)
    SameProblem.objects.create(thread=other, member=ola_member)
    SameProblem.objects.create(thread=other, member=kari_member)  # the target's own asker
    SameProblem.objects.create(thread=question, member=ola_member)

    services.merge(source=other, target=question, moderator=supervisor)

    question.refresh_from_db()
    assert question.accepted_id == answer.pk
    marks = set(SameProblem.objects.values_list("thread_id", "member_id"))
    assert marks == {(question.pk, ola_member.pk), (question.pk, per.pk)}


def test_the_target_keeps_its_own_accepted_answer(
    question: Thread,
    kari_member: Member,
    ola_member: Member,
    per: Member,
    category: Category,
    supervisor: User,
) -> None:
    mine = services.reply(thread=question, body="Svar", member=ola_member)
    services.accept(post=mine, member=kari_member)
    other = _duplicate(per, category, 5)
    theirs = services.reply(thread=other, body="Annet svar", member=ola_member)
    services.accept(post=theirs, member=per)
    services.merge(source=other, target=question, moderator=supervisor)
    question.refresh_from_db()
    assert question.accepted_id == mine.pk


def test_nonsense_merges_are_refused(
    question: Thread, per: Member, category: Category, supervisor: User, agent: User
) -> None:
    with pytest.raises(ValidationError, match="itself"):
        services.merge(source=question, target=question, moderator=supervisor)
    swedish = Category.objects.create(slug="sv", name="Svenska", language="sv")
    elsewhere = services.ask(
        member=per, category=swedish, language="sv", title="Faktura", body="Hej"
    )
    with pytest.raises(ValidationError, match="another language"):
        services.merge(source=question, target=elsewhere, moderator=supervisor)
    other = _duplicate(per, category, 5)
    with pytest.raises(PermissionDenied):
        services.merge(source=other, target=question, moderator=agent)
    services.merge(source=other, target=question, moderator=supervisor)
    with pytest.raises(ValidationError, match="merged already"):
        services.merge(source=other, target=question, moderator=supervisor)
    third = _duplicate(per, category, 6)
    with pytest.raises(ValidationError, match="merged into another"):
        services.merge(source=third, target=other, moderator=supervisor)


def test_the_merge_form_shows_errors_and_merges_by_address(
    question: Thread, per: Member, category: Category, supervisor: User
) -> None:
    other = _duplicate(per, category, 5)
    client = _client(supervisor)
    url = f"{BASE}threads/{other.pk}/merge/"
    assert client.get(url).status_code == 200
    itself = client.post(url, {"target": str(other.pk)})
    assert itself.status_code == 400
    assert "kan ikke slås sammen med seg selv" in itself.content.decode()  # the page is in nb
    missing = client.post(url, {"target": "999999"})
    assert missing.status_code == 400
    assert 'id="id_target_error"' in missing.content.decode()
    done = client.post(url, {"target": f"https://lytte.example{BASE}threads/{question.pk}/"})
    assert done["Location"] == f"{BASE}threads/{question.pk}/"
    page = client.get(f"{BASE}threads/{question.pk}/").content.decode()
    assert 'id="community-merge"' in page
    assert 'id="community-split"' in page


def test_merging_repoints_earlier_merges_and_the_desk_answers_in_the_target(
    question: Thread, per: Member, category: Category, supervisor: User
) -> None:
    first = _duplicate(per, category, 5)
    second = _duplicate(per, category, 6)
    services.merge(source=first, target=second, moderator=supervisor)
    services.merge(source=second, target=question, moderator=supervisor)
    first.refresh_from_db()
    assert first.merged_into_id == question.pk
    assert selectors.merged_into(first.pk) == question
    second.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.reply(thread=second, body="Hei", staff=supervisor)


def test_an_escalated_question_merged_is_answered_from_the_desk_in_the_target(
    question: Thread, per: Member, category: Category, supervisor: User
) -> None:
    from lytte.community.services.escalation import escalate

    other = _duplicate(per, category, 5)
    case = escalate(other.pk)
    assert case is not None
    services.merge(source=other, target=question, moderator=supervisor)
    assert thread_of_case(case) == question
    assert escalate(other.pk) is None  # once, and never a merged thread


def test_split_moves_a_reply_and_the_later_posts_into_a_new_thread(
    question: Thread, kari_member: Member, ola_member: Member, per: Member, supervisor: User
) -> None:
    _at(question.posts.get(), 0)
    keep = _at(services.reply(thread=question, body="Svar", member=ola_member), 1)
    start = _at(services.reply(thread=question, body="Et annet problem", member=per), 2)
    later = _at(services.reply(thread=question, body="Prøv dette", member=ola_member), 3)
    services.accept(post=later, member=kari_member)
    other = Category.objects.create(slug="apps", name="Apps")

    new = services.split(
        thread=question, post=start, title="Appen krasjer", category=other, moderator=supervisor
    )

    assert (new.title, new.category, new.author, new.listed) == (
        "Appen krasjer",
        other,
        per,
        True,
    )
    opening, replies = selectors.posts(new, None)
    assert opening is not None
    assert opening.pk == start.pk
    assert opening.opening
    assert [post.pk for post in replies] == [later.pk]
    question.refresh_from_db()
    assert question.accepted_id is None  # the moved answer answered the old question
    assert [post.pk for post in selectors.posts(question, None)[1]] == [keep.pk]
    assert question.last_activity_at == keep.created_at
    event = AuditEvent.objects.get(action="community.thread_split")
    assert (event.actor, event.data["into"], event.data["posts"]) == (supervisor, new.pk, 2)


def test_nonsense_splits_are_refused(
    question: Thread, ola_member: Member, supervisor: User, agent: User, category: Category
) -> None:
    opening = question.posts.get()
    reply = services.reply(thread=question, body="Svar", member=ola_member)
    staff = services.reply(thread=question, body="Fra oss", staff=supervisor)
    args = {"title": "Ny", "category": category, "moderator": supervisor}
    with pytest.raises(ValidationError, match="Choose a reply"):
        services.split(thread=question, post=opening, **args)
    with pytest.raises(ValidationError, match="staff reply"):
        services.split(thread=question, post=staff, **args)
    with pytest.raises(ValidationError, match="title"):
        services.split(thread=question, post=reply, **{**args, "title": "  "})
    swedish = Category.objects.create(slug="sv", name="Svenska", language="sv")
    with pytest.raises(ValidationError, match="language"):
        services.split(thread=question, post=reply, **{**args, "category": swedish})
    with pytest.raises(PermissionDenied):
        services.split(thread=question, post=reply, **{**args, "moderator": agent})


def test_the_split_form(
    question: Thread, ola_member: Member, supervisor: User, category: Category
) -> None:
    reply = services.reply(thread=question, body="Et annet spørsmål", member=ola_member)
    client = _client(supervisor)
    url = f"{BASE}threads/{question.pk}/split/"
    page = client.get(f"{url}?post={reply.pk}").content.decode()
    assert f'<option value="{reply.pk}" selected>' in page
    refused = client.post(url, {"post": reply.pk, "title": "", "category": category.pk})
    assert refused.status_code == 400
    done = client.post(url, {"post": reply.pk, "title": "Nytt", "category": category.pk})
    new = Thread.objects.get(title="Nytt")
    assert done["Location"] == f"{BASE}threads/{new.pk}/"


def test_a_merged_question_never_escalates(
    question: Thread, per: Member, category: Category, supervisor: User
) -> None:
    from lytte.community.services.escalation import due, escalate

    category.escalate_after_hours = 1
    category.save()
    other = _duplicate(per, category, 5)  # asked a day ago, nobody answered
    services.merge(source=other, target=question, moderator=supervisor)
    later = timezone.now() + timedelta(hours=2)
    assert other not in list(due(later))
    assert escalate(other.pk) is None


def test_followers_follow_on_where_the_conversation_went(
    question: Thread,
    kari_member: Member,
    ola_member: Member,
    per: Member,
    category: Category,
    supervisor: User,
) -> None:
    from lytte.community.following.models import Follow

    def followers(thread: Thread) -> set[Member]:
        return {f.member for f in Follow.objects.filter(thread=thread).select_related("member")}

    duplicate = _duplicate(per, category, 5)
    Follow.objects.get_or_create(member=ola_member, thread=duplicate)
    Follow.objects.get_or_create(member=kari_member, thread=duplicate)  # follows both already
    Follow.objects.get_or_create(member=kari_member, thread=question)

    services.merge(source=duplicate, target=question, moderator=supervisor)

    assert {ola_member, kari_member, per} <= followers(question)
    assert Follow.objects.filter(member=kari_member, thread=question).count() == 1

    start = services.reply(thread=question, body="Et annet problem med appen", member=per)
    new = services.split(
        thread=question, post=start, title="Appen krasjer", category=category, moderator=supervisor
    )
    # Those whose posts moved follow the new thread; the asker of the old one does not.
    assert per in followers(new)
    assert kari_member not in followers(new)
