"""Forms of the account page: password change and new API token."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class AccountPasswordForm(PasswordChangeForm):
    """Django's password change (validators included), with the old password checked by authenticate(), so that
    guesses from a stolen session count toward the login lockout like guesses at the login form."""

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        self.request = request
        super().__init__(request.user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if authenticate(self.request, username=self.user.get_username(), password=old_password) is None:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class TokenForm(forms.Form):
    name = forms.CharField(
        label="用途", max_length=100, initial="API", help_text="便于日后识别，如“数据同步脚本”"
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Built here, not at import, so the limit follows the setting.
        longest = settings.HARDTECH_TOKEN_DAYS
        self.fields["days"] = forms.IntegerField(
            label="有效天数", min_value=1, max_value=longest, initial=longest, help_text=f"最长 {longest} 天"
        )
