from __future__ import annotations

from django.urls import path

from lytte.insights import community, feedback, knowledge, sla, views

app_name = "insights"
urlpatterns = [
    path("", views.director, name="director"),
    path("data/", views.director_data, name="director-data"),
    path("cases/", views.cases, name="cases"),
    path("export/<str:table>.<str:format>/", views.export, name="export"),
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/export.<str:format>/", feedback.feedback_export, name="feedback-export"),
    path("knowledge/", knowledge.knowledge_gaps, name="knowledge-gaps"),
    path("knowledge/export/", knowledge.export, name="knowledge-export"),
    path("community/", community.community, name="community"),
    path("sla/", sla.sla_report, name="sla"),
    path("sla/breaches/", sla.sla_breaches, name="sla-breaches"),
    path("sla/export/<str:report>.<str:format>/", sla.sla_export, name="sla-export"),
    path("live/", views.live, name="live"),
    path("live/panel/", views.live_panel, name="live-panel"),
    path("reasons/", views.reason_suggestions, name="reason-suggestions"),
    path("organizations/", views.organizations, name="organizations"),
    path("plotly/<str:digest>/", views.plotly_js, name="plotly"),
]
