"""Users 账号 and their roles; API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    OPERATOR = "operator", "园区运营（管委会）"
    MANAGER = "manager", "技术经理人"
    INSTITUTION = "institution", "高校/院所用户"
    ENTERPRISE = "enterprise", "企业用户"
    EXPERT = "expert", "专家"


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

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_operator(self) -> bool:
        return self.is_superuser or self.role == Role.OPERATOR

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its hash is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, default="API")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user: User, name: str = "API") -> tuple["ApiToken", str]:
        key = "ht_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=hash_token(key), prefix=key[:8]), key

    @classmethod
    def user_for(cls, key: str) -> User | None:
        token = cls.objects.select_related("user").filter(digest=hash_token(key)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        # Refreshed at most once a minute, so busy clients don't write on every request.
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user
