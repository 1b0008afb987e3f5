"""A post's image at /help/community/images/<id>/<name>, from Lytte itself (decision 53): to
anyone while its post is public, otherwise only to its author and the moderators (404 to the
rest, as if it did not exist). Never cached by a shared cache unless public; a public one only
briefly, so a hidden post's image is gone from caches within minutes."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from lytte.community.access import visitor
from lytte.community.images.models import PostImage
from lytte.community.services import images
from lytte.knowledge.file_views import file_response


@require_safe
def serve(request: HttpRequest, image_id: int, name: str) -> HttpResponse:
    found = PostImage.objects.select_related("post__thread__category").filter(pk=image_id).first()
    if found is None or found.filename != name:
        raise Http404
    who = visitor(request)
    if not images.visible_to(found, member=who.member, staff=who.staff):
        raise Http404
    public = images.is_public(found)
    response = file_response(
        bytes(found.content),
        content_type=found.content_type,
        filename=found.filename,
        inline=True,
        cache="public, max-age=300" if public else "private, no-store",
    )
    response.headers["ETag"] = f'"{found.sha256[:32]}"'
    return response
