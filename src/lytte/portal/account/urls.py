"""The signed-in customer's pages: sign-in, their cases, replies, a new case."""

from __future__ import annotations

from django.urls import path

from lytte.portal.account import signin, views

urlpatterns = [
    path("<lang:lang>/sign-in/", signin.sign_in, name="sign-in"),
    path("<lang:lang>/sign-in/code/", signin.sign_in_code, name="sign-in-code"),
    path("<lang:lang>/sign-in/link/<str:token>/", signin.sign_in_link, name="sign-in-link"),
    path("<lang:lang>/sign-in/token/", signin.sign_in_token, name="sign-in-token"),
    path("<lang:lang>/sign-out/", signin.sign_out, name="sign-out"),
    path("<lang:lang>/cases/", views.cases, name="cases"),
    path("<lang:lang>/cases/new/", views.new_case, name="new-case"),
    path("<lang:lang>/cases/<int:number>/", views.case, name="case"),
]
