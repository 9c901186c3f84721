"""The grants domain's event kinds (what applicants and operators are told)."""

from hardtech.notifications.kinds import Delivery, register_kind

GRANT_APPLICATION = register_kind(
    "grant.application", "政策兑现申报进展", Delivery.EMAIL, "申报受理、退回补正、审定、公示与拨付"
)
GRANT_OFFER = register_kind(
    "grant.offer", "免申即享待确认", Delivery.EMAIL, "贵单位符合免申即享条款，请确认兑现意愿与收款账户"
)
GRANT_OBJECTION = register_kind("grant.objection", "公示异议", Delivery.INBOX, "公示期间收到的异议")
GRANT_PAYMENT = register_kind("grant.payment", "政策兑现资金拨付", Delivery.EMAIL, "资金拨付成功、失败或追回")
GRANT_CALL = register_kind("grant.call", "政策申报通知", Delivery.INBOX, "新的政策兑现申报通知发布")
