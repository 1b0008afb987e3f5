"""A post's notifications fanned out after its transaction (decision 48, moved out): the
post's transaction writes one announcement, whatever the number of followers; the
`announce_post` task tells them; a retry, a second worker or the sweep tells nobody twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lytte.community import services
from lytte.community.following.models import Announcement, Notification
from lytte.community.models import Member, Thread
from lytte.community.schedule import CommunitySchedule
from lytte.community.services import announcing, following, notifying
from lytte.community.tests.test_notifications import verified
from lytte.customers.services import create_customer
from lytte.platform.models import Notice


def _followers(thread: Thread, count: int, start: int = 0) -> list[Member]:
    announcing.run_pending(left_behind=timedelta(0))  # the question's own, told at once
    members = []
    for n in range(start, start + count):
        customer = create_customer(name=f"Følger {n}", emails=[f"f{n}@example.no"])
        member = services.choose_display_name(verified(customer), f"Følger {n}")
        following.toggle_follow(member, thread=thread)
        members.append(member)
    return members


def test_the_post_commits_with_one_announcement_and_the_task_tells_the_followers(
    question: Thread, ola_member: Member, django_capture_on_commit_callbacks: Any
) -> None:
    _followers(question, 3)
    with django_capture_on_commit_callbacks(execute=True):
        post = services.reply(thread=question, body="Svar", member=ola_member)
    [announcement] = Announcement.objects.all()
    assert (announcement.post_id, announcement.kind) == (post.pk, "published")
    assert DBTaskResult.objects.filter(task_path__endswith="announce_post").exists()
    assert not Notification.objects.exists()  # nobody told inside the post's transaction
    assert not Notice.objects.exists()

    assert announcing.run(announcement.pk)
    assert Notice.objects.count() == 3  # the asker's address is not verified: three followers
    assert not Announcement.objects.exists()
    assert not announcing.run(announcement.pk)  # the task again: done already
    assert Notice.objects.count() == 3


def test_a_crashed_fan_out_runs_again_and_tells_nobody_twice(
    question: Thread, ola_member: Member
) -> None:
    followers = _followers(question, 4)
    post = services.reply(thread=question, body="Svar", member=ola_member)
    announcement = Announcement.objects.get()
    # A worker claimed it, told some, and died: its claim runs out.
    Announcement.objects.update(claimed_until=timezone.now() + announcing.CLAIM)
    notifying.tell(followers[0], post, "reply")
    notifying.tell(followers[1], post, "reply")
    assert announcing.run_pending() == 0  # still claimed: left to its worker
    later = timezone.now() + announcing.CLAIM + timedelta(seconds=1)
    assert announcing.run_pending(later) == 1
    assert Notice.objects.count() == 4
    assert Notification.objects.filter(post=post).count() == 4
    assert not Announcement.objects.filter(pk=announcement.pk).exists()


def test_the_schedule_tells_what_a_lost_task_left(question: Thread, ola_member: Member) -> None:
    _followers(question, 2)
    services.reply(thread=question, body="Svar", member=ola_member)
    CommunitySchedule().tick()
    assert not Notice.objects.exists()  # just written: its task may yet come
    Announcement.objects.update(created_at=timezone.now() - announcing.LEFT_BEHIND)
    CommunitySchedule().tick()
    assert Notice.objects.count() == 2
    assert not Announcement.objects.exists()


def test_replying_costs_the_same_however_many_follow(
    question: Thread, ola_member: Member, kari_member: Member
) -> None:
    def queries_of_a_reply(thread: Thread, member: Member) -> int:
        with CaptureQueriesContext(connection) as captured:
            services.reply(thread=thread, body="Svar", member=member)
        return len(captured.captured_queries)

    quiet = services.ask(
        member=kari_member, category=question.category, language="nb", title="Stille", body="?"
    )
    _followers(quiet, 1)
    _followers(question, 40, start=1)
    services.reply(thread=quiet, body="Først", member=ola_member)  # ola's first post: both
    services.reply(thread=question, body="Først", member=ola_member)  # now follow by replying
    assert queries_of_a_reply(quiet, ola_member) == queries_of_a_reply(question, ola_member)
    assert not Notification.objects.exists()
    announcing.run_pending(left_behind=timedelta(0))
    # The asker has no verified address: the forty followers, of both replies.
    assert Notification.objects.filter(post__thread=question).count() == 2 * 40
