"""The chat's place in the customer portal: `{% portal_chat_widget as widget %}` is the widget
the help centre offers (None: no chat button). The portal loads the same script as any other
site, on its own origin, so the portal session's cookie goes with it and a signed-in customer
starts a verified chat."""

from __future__ import annotations

from django import template

from lytte.chat.models import ChatWidget
from lytte.chat.selectors import portal_widget

register = template.Library()


@register.simple_tag
def portal_chat_widget() -> ChatWidget | None:
    return portal_widget()  # LYTTE_CHAT_PORTAL_WIDGET's, else the oldest active one
