"""Each stage's checklist (阶段清单): what must be done before a deal moves on from that stage, and in how many
days from entering it. Data, like the policy files: a zone edits this list to its own service rules."""

from dataclasses import dataclass

from hardtech.deals.choices import Stage


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    days: int  # due this many days after the deal enters the stage
    required: bool = True


CHECKLISTS: dict[str, tuple[Item, ...]] = {
    Stage.INTRODUCED: (
        Item("needs_confirmed", "需求方确认技术需求与预算", 7),
        Item("nda_signed", "双方签署保密协议", 14),
        Item("first_meeting", "完成首次对接会谈", 14),
    ),
    Stage.NEGOTIATING: (
        Item("ip_checked", "知识产权权属与法律状态核查", 21),
        Item("valuation_done", "完成技术价值评估", 30),
        Item("terms_agreed", "商定交易方式、价格与支付方式", 45),
        Item("draft_reviewed", "合同草案经法务审核", 45),
    ),
    Stage.SIGNED: (
        Item("contract_signed", "合同双方签字盖章", 7),
        Item("contract_record", "填写技术合同登记信息", 14),
        Item("registration_filed", "提交技术合同认定登记", 30),
    ),
    Stage.REGISTERED: (
        Item("first_payment", "首笔款项到账", 60),
        Item("implementation_plan", "制定实施与转化计划", 30),
    ),
    Stage.IMPLEMENTING: (
        Item("technology_delivered", "技术资料交付与培训", 90),
        Item("pilot_done", "完成中试或样机验证", 180, required=False),
        Item("site_chosen", "落地选址或产线确定", 180),
    ),
    Stage.LANDED: (
        Item("landing_recorded", "登记落地企业或投产产线", 30),
        Item("feedback_requested", "邀请双方评价服务", 30),
    ),
}


def items_for(stage: str) -> tuple[Item, ...]:
    return CHECKLISTS.get(stage, ())
