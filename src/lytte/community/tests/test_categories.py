"""The community's home lists its categories with how many listed threads each has in the
page's language."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.community import selectors, services
from lytte.community.models import Category, Member, Thread

pytestmark = pytest.mark.django_db


def test_each_category_counts_its_listed_threads_in_the_language(
    question: Thread, kari_member: Member, ola_member: Member, category: Category
) -> None:
    other = Category.objects.create(slug="orders", name="Orders", name_nb="Ordre", position=2)
    services.ask(member=ola_member, category=category, language="nb", title="Æøå?", body="Hei")
    services.ask(member=ola_member, category=other, language="sv", title="Räkningen", body="Hej")
    held = services.ask(member=kari_member, category=other, language="nb", title="Å?", body="Hm")
    Thread.objects.filter(pk=held.pk).update(listed=False)  # waiting for a moderator

    nb = {found.slug: found.thread_count for found in selectors.categories("nb")}
    sv = {found.slug: found.thread_count for found in selectors.categories("sv")}
    assert nb == {"billing": 2, "orders": 0}
    assert sv == {"billing": 0, "orders": 1}
    assert Client().get("/help/nb/community/").status_code == 200
