"""Images in an edit (decision 56): an edit adds an image as a reply does (checked, re-encoded,
limited, a new member's first post with one held, its approval announced as an edit, not as a
new post) and is a revision of its own; the author takes an image away, which deletes it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.events import PostEdited, PostReplied, ThreadStarted
from lytte.community.images.models import PostImage
from lytte.community.models import Category, Member, Post, PostState, Revision, Thread
from lytte.community.services.images import prepare
from lytte.community.services.screening import HELD_IMAGE, why_held
from lytte.community.tests.conftest import long_quiet
from lytte.community.tests.test_images import photo
from lytte.platform.events import DomainEvent
from lytte.portal.tests.sessions import portal_client

BASE = "/help/nb/community/"


def _url(image: PostImage) -> str:
    return image.get_absolute_url()


def test_an_edit_adds_an_image_and_the_history_keeps_the_text_before(
    question: Thread, kari_member: Member
) -> None:
    services.reply(thread=question, body="Den kom ikke i dag heller.", member=kari_member)
    opening = question.posts.get(opening=True)
    image = prepare(filename="skjerm.jpg", content=photo(), alt="Feilmeldingen")
    services.edit(
        post=opening, body=opening.body, title=question.title, member=kari_member, image=image
    )
    stored = PostImage.objects.get(post=opening)
    assert b"Telefonprodusent" not in bytes(stored.content)
    body = Post.objects.get(pk=opening.pk).body
    assert body == f"Jeg har **ikke** fått fakturaen for mai.\n\n![Feilmeldingen]({_url(stored)})"
    revision = Revision.objects.get(post=opening)
    assert revision.body == "Jeg har **ikke** fått fakturaen for mai."
    history = Client().get(f"{BASE}threads/{question.pk}/posts/{opening.pk}/history/")
    assert f'<img src="{_url(stored)}" alt="Feilmeldingen"' in history.content.decode()


def test_an_edit_may_not_add_more_images_than_a_new_post(
    question: Thread, kari_member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("lytte.community.services.images.IMAGES_PER_DAY_NEW", 1)
    opening = question.posts.get(opening=True)
    first = prepare(filename="skjerm.jpg", content=photo(), alt="Første")
    title = question.title
    services.edit(post=opening, body="Se bildet", title=title, member=kari_member, image=first)
    second = prepare(filename="skjerm.jpg", content=photo(), alt="Andre")
    with pytest.raises(ValidationError) as refused:
        services.edit(
            post=opening, body="Se bildene", title=question.title, member=kari_member, image=second
        )
    assert "image" in refused.value.message_dict
    assert list(PostImage.objects.values_list("alt", flat=True)) == ["Første"]
    assert Revision.objects.filter(post=opening).count() == 1  # the refused edit left none


def test_a_new_members_first_post_given_an_image_by_an_edit_waits_for_review(
    question: Thread, ola_member: Member, supervisor: User
) -> None:
    reply = services.reply(thread=question, body="Har du sjekket e-faktura?", member=ola_member)
    assert reply.state == PostState.VISIBLE
    image = prepare(filename="skjerm.jpg", content=photo(), alt="Innstillingene")
    services.edit(post=reply, body=reply.body, member=ola_member, image=image)
    reply.refresh_from_db()
    assert (reply.state, reply.held_because) == (PostState.HELD, "again:first-image")
    stored = PostImage.objects.get(post=reply)
    assert Client().get(_url(stored)).status_code == 404
    services.approve(post=reply, moderator=supervisor)
    assert Client().get(_url(stored)).status_code == 200


def test_a_held_reply_is_announced_when_first_approved_and_not_again_after_an_image_edit(
    question: Thread, ola_member: Member, supervisor: User, heard: list[DomainEvent]
) -> None:
    reply = services.reply(
        thread=question, body="Se https://example.com/efaktura", member=ola_member
    )
    assert reply.state == PostState.HELD
    quiet = long_quiet(question)
    services.approve(post=reply, moderator=supervisor)
    assert heard == [PostReplied(thread_id=question.pk, post_id=reply.pk, by_staff=False)]
    assert Thread.objects.get(pk=question.pk).last_activity_at > quiet

    heard.clear()
    image = prepare(filename="skjerm.jpg", content=photo(), alt="Innstillingene")
    services.edit(post=reply, body=reply.body, member=ola_member, image=image)
    held = Post.objects.get(pk=reply.pk)
    assert held.state == PostState.HELD
    assert why_held(held.held_because) == why_held(HELD_IMAGE)  # the queue says why as before
    quiet = long_quiet(question)
    services.approve(post=reply, moderator=supervisor)
    assert heard == [PostEdited(thread_id=question.pk, post_id=reply.pk)]  # not a new reply
    assert Thread.objects.get(pk=question.pk).last_activity_at == quiet


def test_a_held_question_is_announced_once_though_an_image_edit_held_it_again(
    ola_member: Member, category: Category, supervisor: User, heard: list[DomainEvent]
) -> None:
    thread = services.ask(
        member=ola_member,
        category=category,
        language="nb",
        title="E-faktura",
        body="Se https://example.com/efaktura",
    )
    opening = thread.posts.get()
    services.approve(post=opening, moderator=supervisor)
    started = ThreadStarted(thread_id=thread.pk, category_id=category.pk, kind=thread.kind)
    assert heard == [started]

    image = prepare(filename="skjerm.jpg", content=photo(), alt="Innstillingene")
    services.edit(
        post=opening, body=opening.body, title=thread.title, member=ola_member, image=image
    )
    assert not Thread.objects.get(pk=thread.pk).listed
    quiet = long_quiet(thread)
    services.approve(post=opening, moderator=supervisor)
    assert heard == [started, PostEdited(thread_id=thread.pk, post_id=opening.pk)]
    thread.refresh_from_db()
    assert thread.listed
    assert thread.last_activity_at == quiet


def test_a_members_later_post_given_an_image_stays_public(
    question: Thread, kari_member: Member
) -> None:
    reply = services.reply(thread=question, body="Takk, nå kom den.", member=kari_member)
    image = prepare(filename="skjerm.jpg", content=photo(), alt="Fakturaen")
    services.edit(post=reply, body=reply.body, member=kari_member, image=image)
    reply.refresh_from_db()
    assert reply.state == PostState.VISIBLE
    assert Client().get(_url(PostImage.objects.get(post=reply))).status_code == 200


def _reply_with_image(thread: Thread, member: Member) -> tuple[Post, PostImage]:
    image = prepare(filename="skjerm.jpg", content=photo(), alt="Feilmeldingen")
    post = services.reply(thread=thread, body="Slik ser det ut:", member=member, image=image)
    return post, PostImage.objects.get(post=post)


def test_the_author_removes_an_image_and_it_is_deleted(
    question: Thread, kari_member: Member
) -> None:
    post, image = _reply_with_image(question, kari_member)
    post.refresh_from_db()
    services.edit(
        post=post, body=f"{post.body}\n\nMer tekst.", member=kari_member, remove=[image.pk]
    )
    post.refresh_from_db()
    assert post.body == "Slik ser det ut:\n\nMer tekst."
    assert not PostImage.objects.exists()
    assert Client().get(_url(image)).status_code == 404
    assert Revision.objects.filter(post=post).count() == 1


def test_nobody_else_removes_an_image_and_another_posts_image_is_left_alone(
    question: Thread, kari_member: Member, ola_member: Member
) -> None:
    post, image = _reply_with_image(question, kari_member)
    with pytest.raises(PermissionDenied):
        services.edit(post=post, body="Borte", member=ola_member, remove=[image.pk])
    own = services.reply(thread=question, body="Mitt svar", member=ola_member)
    services.edit(post=own, body="Mitt svar, rettet", member=ola_member, remove=[image.pk])
    assert PostImage.objects.filter(pk=image.pk).exists()


def test_the_edit_page_adds_and_removes_images(question: Thread, kari_member: Member) -> None:
    post, image = _reply_with_image(question, kari_member)
    post.refresh_from_db()
    client = portal_client(kari_member.customer)
    url = f"{BASE}threads/{question.pk}/posts/{post.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f'id="id_remove_{image.pk}"' in page
    assert 'id="id_image"' in page

    fake = SimpleUploadedFile("skjerm.png", b"<svg>not an image</svg>", "image/png")
    refused = client.post(url, {"body": post.body, "image": fake, "alt": "Skjermen"})
    assert refused.status_code == 400
    assert 'id="id_image_error"' in refused.content.decode()
    upload = SimpleUploadedFile("skjerm.png", photo(image_format="PNG"), "image/png")
    no_alt = client.post(url, {"body": post.body, "image": upload, "alt": " "})
    assert no_alt.status_code == 400
    assert 'id="id_alt_error"' in no_alt.content.decode()
    assert PostImage.objects.count() == 1

    upload = SimpleUploadedFile("skjerm.png", photo(image_format="PNG"), "image/png")
    sent = client.post(
        url, {"body": post.body, "image": upload, "alt": "Skjermen", "remove": [image.pk]}
    )
    assert sent.status_code == 302
    added = PostImage.objects.get()
    assert (added.alt, added.content_type) == ("Skjermen", "image/png")
    post.refresh_from_db()
    assert post.body == f"Slik ser det ut:\n\n![Skjermen]({_url(added)})"
    assert Revision.objects.filter(post=post).count() == 1


def test_the_author_of_a_thread_waiting_for_review_may_still_edit_it_and_nobody_else(
    question: Thread, kari_member: Member, ola_member: Member
) -> None:
    """An image edit of a new member's opening post takes the thread off the lists until a
    moderator approves it; its author can still correct it meanwhile."""
    opening = question.posts.get(opening=True)
    Post.objects.filter(pk=opening.pk).update(state=PostState.HELD, held_because="first-image")
    Thread.objects.filter(pk=question.pk).update(listed=False)
    url = f"{BASE}threads/{question.pk}/posts/{opening.pk}/edit/"
    assert portal_client(kari_member.customer).get(url).status_code == 200
    assert portal_client(ola_member.customer).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    sent = portal_client(kari_member.customer).post(
        url, {"body": "Fakturaen for mai kom ikke.", "title": question.title}
    )
    assert sent.status_code == 302
    assert Post.objects.get(pk=opening.pk).body == "Fakturaen for mai kom ikke."
