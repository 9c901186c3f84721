"""Users 账号 and their roles (global, and scoped grants on one object); API tokens; signed-in sessions; member
invitations."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    OPERATOR = "operator", "园区运营（管委会）"
    MANAGER = "manager", "技术经理人"
    INSTITUTION = "institution", "高校/院所用户"
    ENTERPRISE = "enterprise", "企业用户"
    EXPERT = "expert", "专家"
    REGISTRAR = "registrar", "技术合同登记员"


class User(AbstractUser):
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.ENTERPRISE)
    organisation = models.ForeignKey(
        "catalogue.Organisation",
        verbose_name="所属机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    display_name = models.CharField("显示名称", max_length=50, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)

    _password_disabled = False  # set_unusable_password() since the last save

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs) -> None:
        # set_password() leaves the new password in _password until save() (a hash upgrade at login does not);
        # set_unusable_password() is ours to mark. Either way the password the tokens were issued under is gone.
        password_changed = self._password is not None or self._password_disabled
        super().save(*args, **kwargs)
        if password_changed:
            # Every path that changes a password (account page, admin, changepassword) ends here, so
            # whoever knew the old password loses its API tokens too. Other sessions end by themselves: their
            # session auth hash is derived from the old password hash.
            self.api_tokens.all().delete()
            self._password_disabled = False

    def set_unusable_password(self) -> None:
        super().set_unusable_password()
        self._password_disabled = True

    @property
    def is_operator(self) -> bool:
        return self.is_superuser or self.role == Role.OPERATOR

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def default_token_expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.HARDTECH_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its hash is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, default="API")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField("有效期至", default=default_token_expiry)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def issue(cls, user: User, name: str = "API", days: int | None = None) -> tuple["ApiToken", str]:
        """A new token valid for `days` (at most, and by default, HARDTECH_TOKEN_DAYS); returns it and its key."""
        days = min(days or settings.HARDTECH_TOKEN_DAYS, settings.HARDTECH_TOKEN_DAYS)
        key = "ht_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            digest=hash_token(key),
            prefix=key[:8],
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, key

    @classmethod
    def find(cls, key: str) -> "ApiToken | None":
        return cls.objects.select_related("user").filter(digest=hash_token(key)).first()

    def use(self) -> User | None:
        """The token's user if the token may be used now (not expired, user active); records the use."""
        if self.is_expired or not self.user.is_active:
            return None
        now = timezone.now()
        # Refreshed at most once a minute, so busy clients don't write on every request.
        if self.last_used_at is None or now - self.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
        return self.user

    @classmethod
    def user_for(cls, key: str) -> User | None:
        token = cls.find(key)
        return token.use() if token is not None else None


class UserSession(models.Model):
    """登录会话: one signed-in browser session, so its owner can see where they are signed in and end it.

    The session key stays on the server (pages name a session by its id): ending a session deletes it from the
    session store (hardtech.accounts.sessions).
    """

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True, editable=False)
    created_at = models.DateTimeField("登录时间", auto_now_add=True)
    last_seen = models.DateTimeField("最近活动", default=timezone.now)
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    user_agent = models.CharField("设备", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录会话"

    def __str__(self) -> str:
        return f"{self.user} · {self.user_agent or '未知设备'}"


class Grant(models.Model):
    """A scoped role: `user` holds `role` (a code from hardtech.accounts.scopes) on one object, e.g. 企业管理员 of
    one organisation, 档案查阅人 of one enterprise profile. Global roles stay on User.role."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="grants")
    role = models.CharField("范围角色", max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    granted_by = models.ForeignKey(
        User, verbose_name="授予人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("授予时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "范围角色授权"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "content_type", "object_id"], name="one_grant_per_scope"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "role"])]

    def __str__(self) -> str:
        from hardtech.accounts.scopes import label

        return f"{self.user} · {label(self.role)} · {self.target}"

    @property
    def role_label(self) -> str:
        from hardtech.accounts.scopes import label

        return label(self.role)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


def default_invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=7)


class MemberInvitation(models.Model):
    """An organisation admin's invitation to join the organisation: a one-time link whose acceptance creates the
    invitee's account as a member. Only the key's hash is stored."""

    organisation = models.ForeignKey(
        "catalogue.Organisation",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="member_invitations",
    )
    email = models.EmailField("电子邮箱", blank=True)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name="邀请人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("邀请时间", auto_now_add=True)
    expires_at = models.DateTimeField("有效期至", default=default_invitation_expiry)
    accepted_by = models.ForeignKey(
        User, verbose_name="接受人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField("接受时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "成员邀请"

    def __str__(self) -> str:
        return f"{self.organisation} · {self.email or '链接邀请'}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
