from django.urls import path

from hardtech.web import views

urlpatterns = [path("", views.home, name="home")]
