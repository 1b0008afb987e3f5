from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from lytte.accounts import signin, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", signin.sign_in, name="login"),
    path("login/code/", signin.sign_in_code, name="login-code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/password/", views.change_password, name="change-password"),
    path("account/start-page/", views.set_start_page, name="set-start-page"),
    path("account/two-factor/", views.two_factor_settings, name="two-factor"),
    path("account/two-factor/off/", views.two_factor_off, name="two-factor-off"),
    path("account/tokens/new/", views.create_token, name="create-token"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke-token"),
]
