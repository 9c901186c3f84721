"""Operators (管委会) hold every model permission, so the Django admin works for them on every model, including
models added later, without groups or permission rows to keep in step."""

from django.contrib.auth.backends import BaseBackend


class OperatorBackend(BaseBackend):
    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return user_obj.is_active and getattr(user_obj, "is_operator", False)

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return user_obj.is_active and getattr(user_obj, "is_operator", False)
