"""The review rounds' events: an expert hears of each item assigned to them (by the engine, by hand, or as
the replacement of an expert who declared a conflict)."""

from hardtech.notifications.kinds import Delivery, register_kind

REVIEW_ASSIGNED = register_kind(
    "review.assigned", "评审任务分配", Delivery.EMAIL, "您被分配为某评审轮次中评审对象的评审专家"
)
REVIEW_REMINDER = register_kind(
    "review.reminder", "评审提醒", Delivery.EMAIL, "评审截止前，您还有未提交的评分"
)
REVIEW_INVITED = register_kind(
    "review.invited", "评审邀请", Delivery.EMAIL, "管委会邀请您参加某评审轮次，请接受或谢绝"
)
REVIEW_INVITATION_ANSWERED = register_kind(
    "review.invitation_answered", "评审邀请答复", Delivery.EMAIL, "专家接受或谢绝了评审邀请"
)
