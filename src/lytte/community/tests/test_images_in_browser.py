"""An image in a reply, in a real browser against a real `lytte serve`: Kari, on her phone
(390 px), replies in her thread with a photo of the error and its description; the thread
shows it, loaded from Lytte under the Content-Security-Policy, no wider than the screen. She
adds another by editing a post, and takes it away again (decision 56)."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from lytte.community import services
from lytte.community.images.models import PostImage
from lytte.community.models import Thread
from lytte.community.tests.test_community_in_browser import NARROW, NewContext, checked, person

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _photo() -> bytes:
    """A wide photo with a GPS position, wider than any phone."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (59.0, 54.0, 41.0), 3: "E", 4: (10.0, 45.0, 8.0)}
    out = io.BytesIO()
    Image.new("RGB", (1600, 900), "teal").save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_member_replies_with_an_image_and_it_shows_in_the_thread_at_390_px(
    question: Thread, live_lytte: str, new_context: NewContext
) -> None:
    page = person(new_context, live_lytte, question.author.customer, NARROW)
    page.goto(f"{live_lytte}/help/nb/community/threads/{question.pk}/")
    page.locator("#id_body").fill("Slik ser feilmeldingen ut.")
    page.locator("#id_image").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    page.locator("#id_alt").fill("Feilmeldingen på skjermen")
    checked(page, "community-reply-image-form-390")
    page.wait_for_timeout(2100)  # the timing check
    page.locator("#reply-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/threads/\d+/(\?.*)?#post-\d+$"))

    image = PostImage.objects.get()
    shown = page.locator(f"#post-{image.post_id} .community-body img")
    expect(shown).to_have_attribute("alt", "Feilmeldingen på skjermen")
    expect(shown).to_have_attribute("src", re.compile(rf"^/help/community/images/{image.pk}/"))
    expect(shown).to_be_visible()
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 1600
    assert shown.bounding_box()["width"] <= NARROW["width"]  # type: ignore[index]
    checked(page, "community-reply-image-390")
    with Image.open(io.BytesIO(bytes(image.content))) as stored:
        assert len(stored.getexif()) == 0


def test_a_member_adds_an_image_by_editing_and_removes_it_again_at_390_px(
    question: Thread, live_lytte: str, new_context: NewContext
) -> None:
    kari = question.author
    reply = services.reply(thread=question, body="Den kom ikke i dag heller.", member=kari)
    page = person(new_context, live_lytte, kari.customer, NARROW)
    page.goto(f"{live_lytte}/help/nb/community/threads/{question.pk}/#post-{reply.pk}")
    page.locator(f"#post-{reply.pk} .community-edit").click()
    page.locator("#id_image").set_input_files(
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    page.locator("#id_alt").fill("Konvolutten som kom")
    checked(page, "community-edit-add-image-390")
    page.locator("#edit-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"#post-{reply.pk}$"))

    image = PostImage.objects.get()
    shown = page.locator(f"#post-{reply.pk} .community-body img")
    expect(shown).to_have_attribute("alt", "Konvolutten som kom")
    expect(shown).to_be_visible()
    assert shown.bounding_box()["width"] <= NARROW["width"]  # type: ignore[index]
    page.locator(f"#post-{reply.pk} a", has_text="redigert").click()
    expect(page.locator(".community-body img")).to_have_count(1)  # the current text has it

    page.goto(f"{live_lytte}/help/nb/community/threads/{question.pk}/posts/{reply.pk}/edit/")
    expect(page.locator(f"#id_remove_{image.pk}")).to_be_visible()
    checked(page, "community-edit-remove-image-390")
    page.locator(f"#id_remove_{image.pk}").check()
    page.locator("#edit-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"#post-{reply.pk}$"))
    expect(page.locator(f"#post-{reply.pk} .community-body img")).to_have_count(0)
    assert not PostImage.objects.exists()
