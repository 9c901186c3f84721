"""专家库: an expert's review profile (availability and load per round; fields, keywords and 代表成果 stay on
catalogue.Expert) and the invitations to a round that the expert accepts or declines."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

__all__ = ["Invitation", "InvitationState", "ReviewProfile"]


class ReviewProfile(models.Model):
    expert = models.OneToOneField(
        "catalogue.Expert", on_delete=models.CASCADE, related_name="review_profile", verbose_name="专家"
    )
    available = models.BooleanField("可参加评审", default=True)
    availability_note = models.CharField("时间说明", max_length=500, blank=True)
    max_load_per_round = models.PositiveSmallIntegerField(
        "每轮最多评审数",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="留空则按评审轮次的上限",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "评审档案"

    def __str__(self) -> str:
        return str(self.expert)


class InvitationState(models.TextChoices):
    PENDING = "pending", "待答复"
    ACCEPTED = "accepted", "已接受"
    DECLINED = "declined", "已谢绝"


class Invitation(models.Model):
    """The operator invites an expert to a round; once a round has invitations, only the experts who accepted
    are assigned by the engine."""

    round = models.ForeignKey(
        "review.Round", on_delete=models.CASCADE, related_name="invitations", verbose_name="评审轮次"
    )
    expert = models.ForeignKey(
        "catalogue.Expert", on_delete=models.CASCADE, related_name="review_invitations", verbose_name="专家"
    )
    state = models.CharField(
        "状态", max_length=10, choices=InvitationState.choices, default=InvitationState.PENDING
    )
    reason = models.CharField("谢绝理由", max_length=500, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="邀请人",
    )
    created_at = models.DateTimeField("邀请时间", auto_now_add=True)
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["round_id", "id"]
        verbose_name = verbose_name_plural = "评审邀请"
        constraints = [models.UniqueConstraint(fields=["round", "expert"], name="review_invitation_once")]

    def __str__(self) -> str:
        return f"{self.expert} · {self.round}"
