from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from lytte.accounts.signin import admin_sign_in
from lytte.api.api import api
from lytte.chat import widget as chat_widget
from lytte.feedback import chat_views as chat_rating
from lytte.mail.webhook import inbound_mail
from lytte.phone.webhook import cti_webhook
from lytte.platform import views as platform_views

urlpatterns = [
    path("healthz", platform_views.healthz, name="healthz"),
    path("", include("lytte.accounts.urls")),
    path("desk/calls/", include("lytte.phone.urls")),
    path("desk/", include("lytte.desk.urls")),
    path("desk/", include("lytte.privacy.urls")),
    path("desk/knowledge/", include("lytte.knowledge.urls")),
    path("desk/feedback/", include("lytte.feedback.desk_urls")),
    path("insights/", include("lytte.insights.urls")),
    path("help/files/", include("lytte.knowledge.public_urls")),
    path("help/", include("lytte.portal.urls")),
    path("help/", include("lytte.community.urls")),
    path("help/", include("lytte.feedback.urls")),
    path("chat/widget.js", chat_widget.script, name="chat-widget-script"),
    path("chat/api/<str:key>/articles", chat_widget.articles, name="chat-widget-articles"),
    # The chat's rating is the feedback app's (the chat imports nothing of it; decision 47).
    path("chat/api/conversations/<str:token>/rating", chat_rating.rating, name="chat-rating"),
    path("chat/", include("lytte.chat.urls")),
    path("api/v1/cti/<str:token>", cti_webhook, name="cti-webhook"),
    path("api/v1/mail/inbound/<str:token>", inbound_mail, name="mail-inbound"),
    path("api/v1/", api.urls),
    path("admin/login/", admin_sign_in),  # before the admin's own: throttled, 2FA (0022)
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

# A missing page under /help/ is the help centre's, in its language; elsewhere Django's 404.html.
handler404 = "lytte.portal.errors.page_not_found"
