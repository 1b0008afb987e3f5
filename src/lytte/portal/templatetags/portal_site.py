"""The portal's look on every page (portal/base.html): `{% load portal_site %}`."""

from __future__ import annotations

from typing import Any

from django import template

from lytte.portal import site

register = template.Library()


@register.simple_tag
def portal_brand() -> site.Brand:
    return site.brand()


@register.simple_tag
def portal_contact(language: str) -> site.Contact:
    return site.contact(language)


@register.simple_tag(takes_context=True)
def portal_languages(context: dict[str, Any]) -> list[site.LanguageLink]:
    request = context["request"]
    return site.language_links(
        request.path, request.GET.urlencode(), context.get("language_alternates")
    )
