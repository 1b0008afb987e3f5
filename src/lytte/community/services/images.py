"""Images in posts (decision 53). `prepare` checks and re-encodes an upload outside any
transaction (it is the slow part); inside the post's transaction `check_image_rate` checks the
member's image limits and `attach` stores it and puts it into the post's Markdown as an image
with its description. An edit may add one the same way, or take some away (`without`, then
deleted). Who may see one is its post's rule (`visible_to`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lytte.community import policies
from lytte.community.images.models import PostImage
from lytte.community.images.processing import Cleaned, Unusable, clean
from lytte.community.models import Member, Post, PostState
from lytte.community.rendering import post_html
from lytte.community.services.screening import is_new
from lytte.knowledge.services.files import safe_filename

ALT_LENGTH = 200
IMAGES_PER_DAY_NEW = 3  # a new member's images in 24 hours (screening.is_new)
IMAGES_PER_DAY = 30


@dataclass(frozen=True)
class Prepared:
    """An upload checked and re-encoded, waiting for its post."""

    cleaned: Cleaned
    filename: str
    alt: str


def _refusal(code: str) -> str:
    if code == "too_large":
        return _("The image is larger than 5 MB.")
    if code == "too_many_pixels":
        return _("The image has too many pixels. Make it smaller and try again.")
    if code == "empty":
        return _("The file is empty.")
    if code == "broken":
        return _("The image could not be read. Try saving it again.")
    return _("Upload an image: PNG, JPEG, GIF or WebP.")


def prepare(*, filename: str, content: bytes, alt: str) -> Prepared:
    """The upload checked by its bytes and drawn again without metadata; ValidationError on
    the `image` field if we do not take it, on `alt` without a description."""
    alt = " ".join(alt.split())
    if not alt:
        raise ValidationError({"alt": [_("Describe the image for those who cannot see it.")]})
    if len(alt) > ALT_LENGTH:
        raise ValidationError({"alt": [_("That is too long.")]})
    try:
        cleaned = clean(content)
    except Unusable as error:
        raise ValidationError({"image": [_refusal(error.code)]}) from None
    return Prepared(cleaned, safe_filename(filename, cleaned.content_type), alt)


def check_image_rate(member: Member) -> None:
    """A member's images in the last day; fewer for a new member, as their links are."""
    limit = IMAGES_PER_DAY_NEW if is_new(member) else IMAGES_PER_DAY
    since = timezone.now() - timedelta(days=1)
    if PostImage.objects.filter(post__author=member, created_at__gte=since).count() >= limit:
        raise ValidationError(
            {
                "image": [
                    ngettext(
                        "You may add at most %(count)d image a day for now.",
                        "You may add at most %(count)d images a day for now.",
                        limit,
                    )
                    % {"count": limit}
                ]
            }
        )


def url(image: PostImage) -> str:
    return image.get_absolute_url()


def markdown(image: PostImage) -> str:
    alt = image.alt.replace("\\", "").replace("[", "").replace("]", "")
    return f"![{alt}]({url(image)})"


def attach(post: Post, prepared: Prepared) -> PostImage:
    """Inside the post's transaction (after `check_image_rate` for a member's post, before
    the post is written): store the image and add it to the end of the text."""
    cleaned = prepared.cleaned
    image = PostImage.objects.create(
        post=post,
        filename=prepared.filename,
        content_type=cleaned.content_type,
        size=len(cleaned.content),
        width=cleaned.width,
        height=cleaned.height,
        sha256=hashlib.sha256(cleaned.content).hexdigest(),
        content=cleaned.content,
        alt=prepared.alt,
        created_at=timezone.now(),
    )
    post.body = f"{post.body}\n\n{markdown(image)}"
    post.body_html = post_html(post.body)
    Post.objects.filter(pk=post.pk).update(body=post.body, body_html=post.body_html)
    return image


def without(body: str, images: Iterable[PostImage]) -> str:
    """`body` without these images' Markdown (and the blank lines before it), whatever its
    description became: the images are taken away from the post."""
    for image in images:
        found = re.compile(r"\n*!\[[^\]\n]*\]\(" + re.escape(url(image)) + r"\)")
        body = found.sub("", body)
    return body.strip()


def is_public(image: PostImage) -> bool:
    """Anyone may see it: its post is public and not erased, its thread listed."""
    post = image.post
    return (
        post.state == PostState.VISIBLE
        and post.erased_at is None
        and post.thread.listed
        and post.thread.category.language in ("", post.thread.language)
    )


def visible_to(image: PostImage, *, member: Member | None, staff: Any) -> bool:
    """The post's rule: public, or its author's own, or a moderator's to review."""
    post = image.post
    if post.erased_at is not None:
        return False
    if is_public(image) or policies.is_moderator(staff):
        return True
    if member is not None and post.author_id == member.pk:
        return True
    return staff is not None and post.staff_id == getattr(staff, "pk", None)
