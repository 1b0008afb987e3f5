"""The community at /help/<lang>/community/ (issue 16, decision 37)."""

from __future__ import annotations

from django.urls import path

import lytte.portal.urls  # noqa: F401  (registers the <lang:> converter)
from lytte.community import (
    actions,
    feeds,
    follows,
    image_views,
    moderating,
    promoting,
    rearranging,
    views,
)

app_name = "community"
T = "<lang:lang>/community/threads/<int:thread_id>/"
P = T + "posts/<int:post_id>/"
urlpatterns = [
    path("community/", views.start, name="start"),
    # A post's image (decision 53): the post's visibility, no language in its address.
    path("community/images/<int:image_id>/<str:name>", image_views.serve, name="image"),
    path("<lang:lang>/community/", views.home, name="home"),
    path("<lang:lang>/community/categories/<slug:slug>/", views.category, name="category"),
    path(
        "<lang:lang>/community/categories/<slug:slug>/feed/",
        feeds.category_feed,
        name="category-feed",
    ),
    path(
        "<lang:lang>/community/categories/<slug:slug>/follow/",
        follows.follow_category,
        name="follow-category",
    ),
    path("<lang:lang>/community/search/", views.search, name="search"),
    path("<lang:lang>/community/ask/", actions.ask, name="ask"),
    path("<lang:lang>/community/ask/similar/", views.similar, name="similar"),
    path("<lang:lang>/community/name/", actions.display_name, name="name"),
    path(T, views.thread, name="thread"),
    path(T + "reply/", actions.reply, name="reply"),
    path(T + "follow/", follows.follow_thread, name="follow"),
    path(T + "same-problem/", actions.same_problem, name="same-problem"),
    path(P + "vote/", actions.vote, name="vote"),
    path(P + "accept/", actions.accept, name="accept"),
    path(P + "pin/", actions.pin, name="pin"),
    path(P + "edit/", actions.edit, name="edit"),
    path(P, views.post_link, name="post"),
    path(P + "history/", views.history, name="history"),
    path(P + "flag/", moderating.flag, name="flag"),
    # Editors (knowledge.publish_article): the accepted answer becomes an article draft.
    path(T + "promote/", promoting.promote, name="promote"),
    # Moderators (community.moderate).
    path("<lang:lang>/community/moderation/", moderating.queue, name="moderation"),
    path(P + "moderate/", moderating.moderate_post, name="moderate-post"),
    path(T + "lock/", moderating.lock, name="lock"),
    path(T + "move/", moderating.move, name="move"),
    path(T + "merge/", rearranging.merge, name="merge"),
    path(T + "split/", rearranging.split, name="split"),
    path("<lang:lang>/community/members/<int:member_id>/", views.member, name="member"),
    path(
        "<lang:lang>/community/members/<int:member_id>/suspend/",
        moderating.suspend,
        name="suspend",
    ),
    # Following (decision 48): the member's follows and email settings; a mail's stop link.
    path("<lang:lang>/community/follows/", follows.follows, name="follows"),
    path("<lang:lang>/community/unsubscribe/<str:token>/", follows.unsubscribe, name="unsubscribe"),
]
