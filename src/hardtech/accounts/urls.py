from django.urls import path

from hardtech.accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("password/", views.change_password, name="account_password"),
    path("tokens/", views.create_token, name="account_token_create"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="account_token_revoke"),
]
