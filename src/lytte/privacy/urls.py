from __future__ import annotations

from django.urls import path

from lytte.privacy import views

app_name = "privacy"
urlpatterns = [path("customers/<int:pk>/erase/", views.erase, name="erase")]
