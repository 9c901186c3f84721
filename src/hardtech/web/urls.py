"""URLs of the site shell: the home page, signing in and out. Every domain's pages are included by
hardtech.urls from hardtech.domains."""

from django.contrib.auth import views as auth_views
from django.urls import path

from hardtech.web.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
