"""What the customer said and did themselves outside cases, for the export (decision 21):
their answers to surveys, their chats, what they wrote in the community and what they searched
for and said about articles in the help centre while signed in."""

from __future__ import annotations

from collections.abc import Iterator

from lytte.chat.models import Conversation
from lytte.chat.payloads import author_name
from lytte.community.following.models import Follow, Preferences
from lytte.community.images.models import PostImage
from lytte.community.models import Member
from lytte.customers.models import Customer
from lytte.feedback.models import NpsSurvey, OptOut, Survey
from lytte.knowledge.models import Feedback, SearchQuery
from lytte.privacy.export.records import Row


def survey_records(customer: Customer) -> Iterator[Row]:
    surveys = (
        Survey.objects.filter(customer=customer)
        .exclude(sent_at=None)
        .select_related("case", "question")
        .prefetch_related("choices")
        .order_by("sent_at")
    )
    for survey in surveys.iterator(chunk_size=100):
        yield {
            "case": survey.case.number if survey.case else None,
            "sent_at": survey.sent_at,
            "question": survey.question.text if survey.question else None,
            "score": survey.score,
            "answered_at": survey.answered_at,
            "changed_at": survey.changed_at,
            "comment": survey.comment,
            "what_went_wrong": [choice.label for choice in survey.choices.all()],
            "asked_by": survey.sent_by,
        }
    nps = (
        NpsSurvey.objects.filter(customer=customer).exclude(sent_at=None).select_related("question")
    )
    for answer in nps.order_by("sent_at").iterator(chunk_size=100):
        yield {
            "nps_sent_at": answer.sent_at,
            "question": answer.question.text,
            "score": answer.score,
            "answered_at": answer.answered_at,
            "changed_at": answer.changed_at,
            "comment": answer.comment,
        }
    if opt_out := OptOut.objects.filter(customer=customer, erased=False).first():
        yield {"opted_out_of_surveys_at": opt_out.at}


def chat_records(customer: Customer) -> Iterator[Row]:
    """Their chats (those Lytte knows are theirs: verified, or linked by an agent), message by
    message; agents are named as the customer saw them (first name)."""
    chats = Conversation.objects.filter(customer=customer).select_related("case").order_by("pk")
    for chat in chats.iterator(chunk_size=50):
        messages = chat.messages.select_related("author").defer("attachment_content")
        yield {
            "started_at": chat.created_at,
            "ended_at": chat.ended_at,
            "page": chat.page_url,
            "case": chat.case.number if chat.case else None,
            "messages": [
                {
                    "sent_at": message.sent_at,
                    "from": message.sender,
                    "agent": author_name(message.author) or None,
                    "text": message.body,
                    "file": message.attachment_name or None,
                }
                for message in messages.order_by("seq")
            ],
        }


def community_records(customer: Customer) -> Row:
    member = Member.objects.filter(customer=customer).first()
    if member is None:
        return {}
    posts = member.posts.select_related("thread").prefetch_related("revisions").order_by("pk")
    images: dict[int, list[PostImage]] = {}
    for image in PostImage.objects.filter(post__author=member).defer("content").order_by("pk"):
        images.setdefault(image.post_id, []).append(image)
    settings = Preferences.objects.filter(member=member).first() or Preferences(member=member)
    return {
        "display_name": member.display_name,
        "member_since": member.created_at,
        "suspended_until": member.suspended_until,
        "posts": [
            {
                "thread": post.thread.title,
                "started_the_thread": post.opening,
                "written_at": post.created_at,
                "edited_at": post.edited_at,
                "state": post.state,
                "text": post.body,
                "earlier_versions": [
                    {"text": revision.body, "written_at": revision.written_at}
                    for revision in post.revisions.all()
                ],
                "images": [
                    {"file": community_image_file(image), "description": image.alt}
                    for image in images.get(post.pk, [])
                ],
            }
            for post in posts
        ],
        "notifications": {
            "email": settings.delivery,
            "follow_own_threads": settings.follow_own,
            "mentions": settings.mentions,
        },
        "follows": [
            {
                "since": follow.created_at,
                "thread": follow.thread.title if follow.thread else None,
                "category": follow.category.name if follow.category else None,
            }
            for follow in Follow.objects.filter(member=member)
            .select_related("thread", "category")
            .order_by("pk")
        ],
    }


def community_image_file(image: PostImage) -> str:
    """Where an image of the member's posts is in the export (the stored, re-encoded one)."""
    return f"community/images/{image.pk}-{image.filename}"


def community_images(customer: Customer) -> Iterator[tuple[str, bytes]]:
    """The images in the member's posts, one at a time: the archive's path and the bytes."""
    images = PostImage.objects.filter(post__author__customer=customer).order_by("pk")
    for pk in images.values_list("pk", flat=True):
        image = PostImage.objects.get(pk=pk)
        yield community_image_file(image), bytes(image.content)


def help_centre_records(customer: Customer) -> Row:
    searches = SearchQuery.objects.filter(customer=customer).order_by("created_at")
    feedback = Feedback.objects.filter(customer=customer).select_related("translation")
    return {
        "searches": [
            {"searched_at": s.created_at, "language": s.language, "query": s.query}
            for s in searches.iterator(chunk_size=500)
        ],
        "article_feedback": [
            {
                "given_at": f.created_at,
                "article": f.translation.title,
                "helpful": f.helpful,
                "comment": f.comment,
            }
            for f in feedback.order_by("created_at")
        ],
    }
