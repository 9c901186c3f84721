"""Forms of the account pages: password change and API tokens; organisation members (invitations, joining,
hand-over, scoped grants); the operator's user management."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from hardtech.accounts import scopes
from hardtech.accounts.models import Role, User
from hardtech.accounts.scopes import ScopedRole
from hardtech.catalogue.models import Organisation


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


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="受邀人邮箱", required=False, help_text="填写后将邀请链接发到该邮箱；也可不填，直接复制链接转交"
    )


class JoinForm(forms.Form):
    """The invitee's new account: a user name and a password that passes Django's validators."""

    username = forms.CharField(
        label="用户名",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="登录时使用，最多 150 个字符，可用字母、数字和 @ . + - _",
    )
    display_name = forms.CharField(label="显示名称", max_length=50, required=False)
    password1 = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label="再次输入密码", strip=False, widget=forms.PasswordInput)

    def clean(self) -> dict:
        data = super().clean()
        username, password = data.get("username"), data.get("password1")
        if username and User.objects.filter(username__iexact=username).exists():
            self.add_error("username", f"用户名“{username}”已被使用，请换一个")
        if password and password != data.get("password2"):
            self.add_error("password2", "两次输入的密码不一致")
        elif password and username:
            try:
                validate_password(
                    password, User(username=username, display_name=data.get("display_name", ""))
                )
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class HandOverForm(forms.Form):
    successor = forms.ModelChoiceField(label="移交给", queryset=User.objects.none(), empty_label="请选择成员")

    def __init__(self, members, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = members


class ScopedGrantForm(forms.Form):
    """Grant one of the given scoped roles to a user. On an organisation page the target is the organisation;
    the operator's user page names it (an id, or for organisations the exact name)."""

    role = forms.ChoiceField(label="范围角色")
    user = forms.ModelChoiceField(label="授予", queryset=User.objects.none(), empty_label="请选择用户")
    expires_at = forms.DateTimeField(label="有效期至", required=False, help_text="留空为长期有效")

    def __init__(self, roles: list[ScopedRole], users, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.code, r.label) for r in roles]
        self.fields["user"].queryset = users


class TargetGrantForm(forms.Form):
    """The operator's grant on a user's page: any declared role, on the object it names."""

    role = forms.ChoiceField(label="范围角色")
    target = forms.CharField(label="授权对象", max_length=200, help_text="对象编号；机构也可填写其完整名称")
    expires_at = forms.DateTimeField(label="有效期至", required=False, help_text="留空为长期有效")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.code, f"{r.label}（{r.code}）") for r in scopes.declared()]

    def clean(self) -> dict:
        data = super().clean()
        role, target = data.get("role"), data.get("target", "").strip()
        if not role or not target:
            return data
        model = scopes.get(role).model_class
        found = model.objects.filter(pk=int(target)) if target.isascii() and target.isdecimal() else None
        if found is None and any(f.name == "name" for f in model._meta.fields):
            found = model.objects.filter(name=target)
        data["obj"] = found.first() if found is not None else None
        if data["obj"] is None:
            self.add_error("target", f"没有找到该{model._meta.verbose_name}：{target}")
        return data


class UserFilterForm(forms.Form):
    q = forms.CharField(label="搜索", max_length=100, required=False)
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), *Role.choices])


class ManagedUserForm(forms.ModelForm):
    """The operator's form for a user: role, organisation, contact and whether the account may sign in; a new
    user (or a reset) gets the password typed here, checked by Django's validators."""

    password = forms.CharField(
        label="密码",
        strip=False,
        required=False,
        widget=forms.PasswordInput,
        help_text="新建时必填；修改时留空则不变",
    )

    class Meta:
        model = User
        fields = ["username", "display_name", "role", "organisation", "email", "phone", "is_active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name_sort", "name")
        self.fields["is_active"].label = "允许登录"
        self.fields["is_active"].help_text = ""

    def clean(self) -> dict:
        data = super().clean()
        role, org = data.get("role"), data.get("organisation")
        if role in (Role.INSTITUTION, Role.ENTERPRISE) and org is None:
            self.add_error("organisation", f"{Role(role).label}须属于一个机构")
        password = data.get("password")
        if not password and self.instance.pk is None:
            self.add_error("password", "新建用户须设置密码")
        elif password:
            try:
                # The similarity rule compares with the name and e-mail as submitted, not as stored.
                named = User(
                    username=data.get("username", ""),
                    display_name=data.get("display_name", ""),
                    email=data.get("email", ""),
                )
                validate_password(password, named)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data
