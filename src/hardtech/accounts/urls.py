from django.urls import path

from hardtech.accounts.views import account, manage, organisation

urlpatterns = [
    path("", account.account, name="account"),
    path("password/", account.change_password, name="account_password"),
    path("tokens/", account.create_token, name="account_token_create"),
    path("tokens/<int:pk>/revoke/", account.revoke_token, name="account_token_revoke"),
    path("sessions/<int:pk>/end/", account.end_session, name="account_session_end"),
    path("sessions/end-others/", account.end_other_sessions, name="account_sessions_end_others"),
    # An organisation's members and the scoped roles it gives; joining by an invitation link.
    path("organisation/", organisation.mine, name="account_organisations"),
    path("organisation/<int:pk>/", organisation.organisation, name="account_organisation"),
    path("organisation/<int:pk>/invite/", organisation.invite, name="member_invite"),
    path(
        "organisation/<int:pk>/invitations/<int:invitation>/cancel/",
        organisation.cancel_invitation,
        name="member_invitation_cancel",
    ),
    path(
        "organisation/<int:pk>/members/<int:user>/remove/", organisation.remove_member, name="member_remove"
    ),
    path("organisation/<int:pk>/hand-over/", organisation.hand_over, name="member_hand_over"),
    path("organisation/<int:pk>/grants/", organisation.grant, name="organisation_grant"),
    path("organisation/<int:pk>/grants/<int:grant>/revoke/", organisation.revoke, name="organisation_revoke"),
    path("join/<str:key>/", organisation.join, name="member_join"),
    # The operator's user management.
    path("manage/users/", manage.users, name="manage_users"),
    path("manage/users/new/", manage.create_user, name="manage_user_create"),
    path("manage/users/<int:pk>/", manage.edit_user, name="manage_user"),
    path("manage/users/<int:pk>/grants/", manage.grant, name="manage_user_grant"),
    path("manage/users/<int:pk>/grants/<int:grant>/revoke/", manage.revoke, name="manage_user_revoke"),
]
