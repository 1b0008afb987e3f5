from __future__ import annotations

from django.urls import path

from lytte.desk import (
    articles,
    chat_end,
    chat_view,
    chats,
    community,
    customers,
    email,
    intake,
    views,
    workspace,
)

app_name = "desk"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("counts/", views.queue_counts, name="counts"),
    path("queues/<str:name>/", views.queue_list, name="queue"),
    path("search/", views.search, name="search"),
    path("reasons/", views.reason_options, name="reasons"),
    path("new/", intake.new_case, name="new"),
    path("customers/<int:pk>/", customers.customer_page, name="customer"),
    path("customers/<int:pk>/export/", customers.export, name="customer-export"),
    path("cases/<int:number>/", workspace.workspace, name="case"),
    path("cases/<int:number>/log/", workspace.log, name="log"),
    path("cases/<int:number>/customers/", workspace.customer_options, name="customer-options"),
    path("cases/<int:number>/customer/", workspace.set_customer, name="set-customer"),
    path("cases/<int:number>/reply/", email.reply, name="reply"),
    path("cases/<int:number>/community-reply/", community.reply, name="community-reply"),
    path(
        "cases/<int:number>/reason-suggestions/",
        workspace.reason_suggestions,
        name="reason-suggestions",
    ),
    path("cases/<int:number>/articles/", articles.suggestions, name="articles"),
    path("cases/<int:number>/articles/used/", articles.used, name="article-used"),
    path("mail/messages/<int:pk>/", email.message, name="mail-message"),
    path("mail/attachments/<int:pk>/", email.attachment, name="mail-attachment"),
    path("chats/", chats.chats, name="chats"),
    path("chats/queue/", chats.queue, name="chat-queue"),
    path("chats/availability/", chats.availability, name="chat-availability"),
    path("chats/heartbeat/", chats.heartbeat, name="chat-heartbeat"),
    path("chats/unread/", chats.unread, name="unread-chats"),
    path("chats/next/", chats.accept_next, name="chat-next"),
    path("chats/<int:conversation_id>/", chat_view.conversation, name="chat"),
    path("chats/<int:conversation_id>/accept/", chats.accept, name="chat-accept"),
    path("chats/<int:conversation_id>/messages/", chat_view.messages, name="chat-messages"),
    path("chats/<int:conversation_id>/typing/", chat_view.typing, name="chat-typing"),
    path("chats/<int:conversation_id>/read/", chat_view.read, name="chat-read"),
    path("chats/<int:conversation_id>/transfer/", chat_end.transfer, name="chat-transfer"),
    path("chats/<int:conversation_id>/end/", chat_end.finish, name="chat-end"),
    path("chats/<int:conversation_id>/articles/", chat_end.articles, name="chat-articles"),
    path(
        "chats/<int:conversation_id>/customers/",
        chat_end.customer_options,
        name="chat-customer-options",
    ),
    path("chats/<int:conversation_id>/customer/", chat_end.link_customer, name="chat-customer"),
]
