from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hardtech.accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in, user_logged_out
        from django.utils.module_loading import autodiscover_modules

        from hardtech.accounts import sessions
        from hardtech.audit import recorder

        # Each domain declares its scoped roles in its permission table (permissions.py), so every role is
        # known before the first grant or page.
        autodiscover_modules("permissions")
        recorder.connect(
            apps.get_model("accounts.User"),
            apps.get_model("accounts.Grant"),
            apps.get_model("accounts.MemberInvitation"),
        )
        # Each signed-in session is recorded for its owner's list (我的账号 · 登录会话).
        user_logged_in.connect(sessions.on_login, dispatch_uid="accounts-session-login")
        user_logged_out.connect(sessions.on_logout, dispatch_uid="accounts-session-logout")
