from __future__ import annotations

from django.urls import path

from lytte.phone import views

app_name = "phone"
urlpatterns = [
    path("", views.call_log, name="calls"),
    path("settings/", views.preferences, name="preferences"),
    path("<int:call_id>/pop/", views.pop, name="pop"),
    path("<int:call_id>/take/", views.take, name="take"),
    path("<int:call_id>/called-back/", views.called_back, name="called-back"),
]
