from django.contrib.auth import views as auth_views
from django.urls import path

from . import views as account_views

urlpatterns = [
    path("login/", account_views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/", account_views.session_status, name="session_status"),
    path("session/keepalive/", account_views.session_keepalive, name="session_keepalive"),
]
