from __future__ import annotations

from django.urls import path

from lytte.desk import articles, customers, email, intake, views, workspace

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
    path(
        "cases/<int:number>/reason-suggestions/",
        workspace.reason_suggestions,
        name="reason-suggestions",
    ),
    path("cases/<int:number>/articles/", articles.suggestions, name="articles"),
    path("cases/<int:number>/articles/used/", articles.used, name="article-used"),
    path("mail/messages/<int:pk>/", email.message, name="mail-message"),
    path("mail/attachments/<int:pk>/", email.attachment, name="mail-attachment"),
]
