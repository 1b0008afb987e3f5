"""The customer's survey pages under /help/<lang>/survey/ (decision 40)."""

from __future__ import annotations

from django.urls import path

import lytte.portal.urls  # noqa: F401  (registers the <lang:> converter)
from lytte.feedback import nps_views, views

app_name = "feedback"
urlpatterns = [
    path("<lang:lang>/survey/<str:token>/", views.survey, name="survey"),
    path("<lang:lang>/survey/<str:token>/opt-out/", views.opt_out, name="opt-out"),
    path("<lang:lang>/nps/<str:token>/", nps_views.nps, name="nps"),
    path("<lang:lang>/nps/<str:token>/opt-out/", nps_views.opt_out, name="nps-opt-out"),
]
