"""Images in posts (decision 53): checked by their bytes, re-encoded without EXIF/GPS and other
metadata, within size and pixel limits; put into the post's Markdown with a description;
served from Lytte with the post's visibility; limited for new members; erased and exported
with the member's posts."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, PngImagePlugin

from lytte.accounts.models import User
from lytte.community import services
from lytte.community.images.models import PostImage
from lytte.community.images.processing import Unusable, clean
from lytte.community.models import Member, Post, PostState, Thread
from lytte.community.services.images import IMAGES_PER_DAY, IMAGES_PER_DAY_NEW, prepare
from lytte.community.tests.conftest import guarded
from lytte.portal.tests.sessions import portal_client
from lytte.privacy.export import open_export
from lytte.privacy.services import erase_customer

BASE = "/help/nb/community/"
GPS = {1: "N", 2: (59.0, 54.0, 41.0), 3: "E", 4: (10.0, 45.0, 8.0)}


def photo(width: int = 40, height: int = 20, image_format: str = "JPEG") -> bytes:
    """A photo as a phone saves it: EXIF with the camera, the place and the orientation."""
    exif = Image.Exif()
    exif[0x010F] = "Telefonprodusent"  # Make
    exif[0x0112] = 6  # Orientation: turned a quarter
    exif[0x8825] = GPS
    out = io.BytesIO()
    options: dict[str, object] = {"exif": exif}
    if image_format == "JPEG":
        options.update(comment=b"Kari sin hytte", xmp=b"<x:xmpmeta>Kari</x:xmpmeta>")
    Image.new("RGB", (width, height), "teal").save(out, image_format, **options)
    return out.getvalue()


def test_a_photo_loses_its_exif_gps_and_comments_but_keeps_its_orientation() -> None:
    original = photo()
    assert b"Telefonprodusent" in original
    assert b"Kari" in original
    cleaned = clean(original)
    assert cleaned.content_type == "image/jpeg"
    assert (cleaned.width, cleaned.height) == (20, 40)  # stood up as it was taken
    assert b"Telefonprodusent" not in cleaned.content
    assert b"Kari" not in cleaned.content
    assert b"Exif" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert len(image.getexif()) == 0
        assert image.size == (20, 40)


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_lose_their_metadata(image_format: str) -> None:
    original = photo(image_format=image_format)
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "Kari Nordmann")
        out = io.BytesIO()
        Image.open(io.BytesIO(original)).save(out, "PNG", pnginfo=text, exif=Image.Exif())
        original = out.getvalue()
    cleaned = clean(original)
    assert cleaned.content_type == f"image/{image_format.lower()}"
    assert b"Kari" not in cleaned.content
    assert b"Telefonprodusent" not in cleaned.content


def test_an_animated_gif_keeps_its_frames_and_loses_its_comment() -> None:
    frames = [Image.new("RGB", (8, 8), c).convert("P") for c in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], comment=b"Kari", duration=80
    )
    cleaned = clean(out.getvalue())
    assert b"Kari" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert getattr(image, "n_frames", 1) == 3


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "file_type"),
        (b"%PDF-1.7 a pdf named photo.png", "file_type"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "broken"),
        (b"\xff\xd8\xff" + b"x" * (5 * 1024 * 1024), "too_large"),
    ],
)
def test_what_is_not_an_image_we_take_is_refused_by_its_bytes(content: bytes, code: str) -> None:
    with pytest.raises(Unusable) as refused:
        clean(content)
    assert refused.value.code == code


def test_a_small_file_of_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    out = io.BytesIO()
    Image.new("1", (11_000, 3_000)).save(out, "PNG")  # a few kilobytes, 33 megapixels
    assert len(out.getvalue()) < 100_000
    with pytest.raises(Unusable) as refused:
        clean(out.getvalue())
    assert refused.value.code == "too_many_pixels"


def test_an_image_needs_a_description() -> None:
    with pytest.raises(ValidationError) as refused:
        prepare(filename="IMG_1234.jpg", content=photo(), alt="  ")
    assert "alt" in refused.value.message_dict


def _reply_with_image(thread: Thread, member: Member, alt: str = "Feilmeldingen") -> Post:
    image = prepare(filename="../../IMG 1234.JPG", content=photo(), alt=alt)
    return services.reply(thread=thread, body="Slik ser det ut:", member=member, image=image)


def test_the_image_goes_into_the_post_as_markdown_with_its_description(
    question: Thread, kari_member: Member
) -> None:
    post = _reply_with_image(question, kari_member, alt="Feil [kode] 42")
    image = PostImage.objects.get(post=post)
    assert image.filename == "IMG 1234.jpg"
    assert image.alt == "Feil [kode] 42"
    assert post.state == PostState.VISIBLE
    assert Post.objects.get(pk=post.pk).body == (
        f"Slik ser det ut:\n\n![Feil kode 42](/help/community/images/{image.pk}/IMG%201234.jpg)"
    )
    page = Client().get(f"{BASE}threads/{question.pk}/").content.decode()
    assert f'<img src="/help/community/images/{image.pk}/IMG%201234.jpg" alt="Feil kode 42"' in page


def test_a_public_posts_image_is_served_from_lytte_as_an_image_and_never_sniffed(
    question: Thread, kari_member: Member
) -> None:
    image = PostImage.objects.get(post=_reply_with_image(question, kari_member))
    response = Client().get(f"/help/community/images/{image.pk}/IMG%201234.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "public, max-age=300"
    assert b"Telefonprodusent" not in response.content
    assert Client().get(f"/help/community/images/{image.pk}/other.jpg").status_code == 404
    page = Client().get(f"{BASE}threads/{question.pk}/")
    assert "img-src 'self'" in page["Content-Security-Policy"]


def test_a_new_members_first_post_with_an_image_waits_and_its_image_is_not_public(
    question: Thread, ola_member: Member, supervisor: User
) -> None:
    post = _reply_with_image(question, ola_member)
    assert post.state == PostState.HELD
    image = PostImage.objects.get(post=post)
    url = f"/help/community/images/{image.pk}/{image.filename.replace(' ', '%20')}"
    assert Client().get(url).status_code == 404
    mine = portal_client(ola_member.customer).get(url)
    assert (mine.status_code, mine["Cache-Control"]) == (200, "private, no-store")
    moderator = Client()
    moderator.force_login(supervisor)
    assert moderator.get(url).status_code == 200
    queue = moderator.get(f"{BASE}moderation/").content.decode()
    assert f'<img src="{url}" alt="Feilmeldingen" width="20" height="40"' in queue
    services.approve(post=post, moderator=supervisor)
    assert Client().get(url).status_code == 200
    services.hide(post=post, moderator=supervisor)
    assert Client().get(url).status_code == 404


def test_a_new_member_may_add_only_a_few_images_a_day(
    question: Thread, kari_member: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert IMAGES_PER_DAY_NEW < IMAGES_PER_DAY
    monkeypatch.setattr("lytte.community.services.images.IMAGES_PER_DAY_NEW", 1)
    _reply_with_image(question, kari_member)
    with pytest.raises(ValidationError) as refused:
        _reply_with_image(question, kari_member)
    assert "image" in refused.value.message_dict
    assert PostImage.objects.count() == 1
    assert Post.objects.filter(author=kari_member).count() == 2  # the refused reply too


def test_a_member_replies_with_an_image_through_the_page(
    question: Thread, kari_member: Member
) -> None:
    client = portal_client(kari_member.customer)
    url = f"{BASE}threads/{question.pk}/reply/"
    upload = SimpleUploadedFile("skjerm.png", photo(image_format="PNG"), "image/png")
    missing_alt = client.post(url, guarded(body="Se bildet", image=upload, alt=""))
    assert missing_alt.status_code == 400
    assert 'id="id_alt_error"' in missing_alt.content.decode()
    assert not PostImage.objects.exists()
    fake = SimpleUploadedFile("skjerm.png", b"<html>not an image</html>", "image/png")
    refused = client.post(url, guarded(body="Se bildet", image=fake, alt="Skjermen"))
    assert refused.status_code == 400
    assert 'id="id_image_error"' in refused.content.decode()
    upload = SimpleUploadedFile("skjerm.png", photo(image_format="PNG"), "image/png")
    sent = client.post(url, guarded(body="Se bildet", image=upload, alt="Skjermen"))
    assert sent.status_code == 302
    image = PostImage.objects.get()
    assert image.content_type == "image/png"
    assert image.alt == "Skjermen"


def test_erasure_deletes_the_members_images_and_the_export_holds_them(
    question: Thread, kari_member: Member, admin_user: User
) -> None:
    image = PostImage.objects.get(post=_reply_with_image(question, kari_member))
    with open_export(customer=kari_member.customer, exported_by=admin_user) as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    name = f"community/images/{image.pk}-IMG 1234.jpg"
    assert archive.read(name) == bytes(image.content)
    assert name in archive.read("community.json").decode()

    erase_customer(customer=kari_member.customer, erased_by=admin_user, reason="Bedt om sletting")
    assert not PostImage.objects.exists()
    assert Client().get(f"/help/community/images/{image.pk}/IMG%201234.jpg").status_code == 404
