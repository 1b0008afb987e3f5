"""The desk's chat in every staff page's top bar: `{% chat_unread_badge %}`, the count of the
user's chats with customer messages they have not read (refetched live by chat.js)."""

from __future__ import annotations

from typing import Any

from django import template

from lytte.chat.selectors import unread_count

register = template.Library()


@register.inclusion_tag("desk/_chat_unread_box.html", takes_context=True)
def chat_unread_badge(context: dict[str, Any]) -> dict[str, Any]:
    user = context["user"]
    return {"chat_unread": unread_count(user) if user.is_authenticated else 0}
