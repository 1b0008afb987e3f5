"""The staff side of the knowledge base, under /desk/knowledge/: reading (internal articles
too), the editor with preview, history, diffs and restoring."""

from __future__ import annotations

from django.urls import path

from lytte.knowledge import editing, file_views, synonym_views, views

app_name = "knowledge"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/", editing.new_article, name="new"),
    path("preview/", editing.preview, name="preview"),
    path("synonyms/", synonym_views.edit_synonyms, name="synonyms"),
    path("go/<str:language>/<str:slug>/", views.follow, name="follow"),
    path("articles/<int:article_id>/", editing.article_settings, name="settings"),
    path("articles/<int:article_id>/related/", editing.related_options, name="related-options"),
    path("articles/<int:article_id>/translations/", editing.translations, name="translations"),
    path("articles/<int:article_id>/files/", file_views.upload, name="upload"),
    path("articles/<int:article_id>/<str:language>/", views.read, name="read"),
    path("articles/<int:article_id>/<str:language>/edit/", editing.edit, name="edit"),
    path("articles/<int:article_id>/<str:language>/state/", editing.change_state, name="state"),
    path("articles/<int:article_id>/<str:language>/history/", editing.revisions, name="history"),
    path(
        "articles/<int:article_id>/<str:language>/history/<int:version>/restore/",
        editing.restore,
        name="restore",
    ),
    path("files/<int:pk>/delete/", file_views.delete, name="delete-file"),
]
