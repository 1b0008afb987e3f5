"""Articles' files and images: checked on the way in (size, and a type read from the bytes, not
from the name or what the browser claimed), and served at /help/files/<id>/<name>: to anyone
for a public article with a published text, to staff only otherwise (decision 0031)."""

from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.knowledge.models import Article, Attachment, State, Visibility

MAX_SIZE = 5 * 1024 * 1024  # 5 MB
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


def sniff(content: bytes) -> str | None:
    """The type of a file by its first bytes, if it is one we take."""
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def safe_filename(name: str, content_type: str) -> str:
    """A file name to show and to put in a URL: no path, no control characters, the right
    extension for what the file really is."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isalnum() or c in " ._-()").strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{(stem or 'file')[:100]}.{_EXTENSIONS[content_type]}"


def upload(*, article: Article, filename: str, content: bytes, by: User | None) -> Attachment:
    """Store a file of the article; ValidationError if too large or of a type we do not take."""
    if by is not None and not by.has_perm("knowledge.change_article"):
        raise PermissionDenied(_("You do not have permission to do this."))
    if len(content) > MAX_SIZE:
        raise ValidationError(
            {"file": ValidationError(_("The file is larger than 5 MB."), code="file_too_large")}
        )
    if not content:
        raise ValidationError({"file": ValidationError(_("The file is empty."), code="empty")})
    content_type = sniff(content)
    if content_type is None:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Upload an image (PNG, JPEG, GIF, WebP) or a PDF."), code="file_type"
                )
            }
        )
    return Attachment.objects.create(
        article=article,
        filename=safe_filename(filename, content_type),
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=by,
    )


def url(attachment: Attachment) -> str:
    return f"/help/files/{attachment.pk}/{quote(attachment.filename)}"


def markdown(attachment: Attachment) -> str:
    """What to paste into an article: an image, or a link to the file."""
    name = attachment.filename.rsplit(".", 1)[0].replace("]", "").replace("[", "")
    if attachment.content_type in IMAGE_TYPES:
        return f"![{name}]({url(attachment)})"
    return f"[{attachment.filename.replace(']', '').replace('[', '')}]({url(attachment)})"


def is_public(attachment: Attachment) -> bool:
    """Customers may read it: its article is public and published in some language."""
    article = attachment.article
    return (
        article.visibility == Visibility.PUBLIC
        and article.translations.filter(state=State.PUBLISHED).exists()
    )


def delete(attachment: Attachment, *, by: User | None) -> None:
    if by is not None and not by.has_perm("knowledge.change_article"):
        raise PermissionDenied(_("You do not have permission to do this."))
    attachment.delete()
