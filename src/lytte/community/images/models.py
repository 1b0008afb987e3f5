"""An image a member (or staff) attached to a post. The bytes live in the database, as the
knowledge base's files and chat's attachments do, so every server process serves them without
a shared disk; they are the re-encoded image, without the original's metadata (decision 53)."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import quote

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostImage(models.Model):
    objects: ClassVar[models.Manager[PostImage]] = models.Manager()

    post = models.ForeignKey(
        "community.Post", on_delete=models.CASCADE, related_name="images", verbose_name=_("post")
    )
    post_id: int
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=127)
    size = models.PositiveIntegerField(_("size"))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    alt = models.CharField(_("description"), max_length=200)
    created_at = models.DateTimeField(_("uploaded"), db_index=True)

    class Meta:
        app_label = "community"
        ordering = ["post", "pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        """Its address, served by `community.image_views` with its post's visibility."""
        return f"/help/community/images/{self.pk}/{quote(self.filename, safe='')}"
