"""Articles' files: uploading and removing them in the desk, and serving them at
/help/files/<id>/<name> (the one route outside /desk/knowledge/, see `public_urls`): a file of
a public article with a published text is for everyone, any other only for staff."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lytte.accounts.decorators import current_staff, staff_required
from lytte.knowledge import selectors
from lytte.knowledge.forms import UploadForm
from lytte.knowledge.models import Attachment
from lytte.knowledge.services import files
from lytte.knowledge.views import article_or_404


@require_POST
@staff_required
def upload(request: HttpRequest, article_id: int) -> HttpResponse:
    user = current_staff(request)
    article = article_or_404(request, article_id)
    if not user.has_perm("knowledge.change_article"):
        raise PermissionDenied(_("You do not have permission to do this."))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("knowledge:settings", article_id=article.pk)
    upload = form.cleaned_data["file"]
    try:
        saved = files.upload(article=article, filename=upload.name, content=upload.read(), by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Uploaded %(name)s. Paste %(markdown)s into the text.")
            % {"name": saved.filename, "markdown": files.markdown(saved)},
        )
    return redirect("knowledge:settings", article_id=article.pk)


@require_POST
@staff_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.defer("content"), pk=pk)
    files.delete(attachment, by=current_staff(request))
    messages.success(request, _("Removed %(name)s.") % {"name": attachment.filename})
    return redirect("knowledge:settings", article_id=attachment.article_id)


@require_GET
def serve(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """A file as its type (images inline, PDFs as a download), never sniffed into a page."""
    attachment = Attachment.objects.select_related("article").filter(pk=pk).first()
    if attachment is None or attachment.filename != name:
        raise Http404(_("There is no such file."))
    public = files.is_public(attachment)
    if not public and not selectors.is_staff(request.user):
        raise Http404(_("There is no such file."))  # as if it did not exist
    inline = attachment.content_type in files.IMAGE_TYPES
    cache = "public, max-age=3600" if public else "private, max-age=600"
    return file_response(
        bytes(attachment.content),
        content_type=attachment.content_type,
        filename=attachment.filename,
        inline=inline,
        cache=cache,
    )


def file_response(
    content: bytes, *, content_type: str, filename: str, inline: bool, cache: str
) -> HttpResponse:
    """Stored bytes as their checked type, never sniffed into a page, never able to run
    anything (the community's images are served the same way)."""
    response = HttpResponse(content, content_type=content_type)
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_")
    response.headers["Content-Disposition"] = (
        f'{"inline" if inline else "attachment"}; filename="{ascii_name.replace("?", "_")}"; '
        f"filename*=UTF-8''{quote(filename)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = cache
    return response
