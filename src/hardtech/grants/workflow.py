"""An application's course, declared here and run by hardtech.core.workflow:

    申报: 草稿 → 已提交 →(形式审查) 通过 | 退回修改 → … → [专家评审中] → 已审定 → 公示中 → 已确定 → 已拨付
    免申即享: 待确认 → 已确认 →(拨付审批) 已确定 → 已拨付;  或 已放弃

The services (hardtech.grants.applications, decisions, notices, offers, payments) check what a step needs
(deadline, documents, pledge, amounts) and then take it here, so every step is audited with who and why and the
applicant is told. 不予支持 ends an application at any point before the notice; 撤销支持 (with a clawback of what
was paid) ends an approved one.
"""

from django.urls import reverse

from hardtech.accounts.membership import members
from hardtech.core.workflow import Note, Notice, State, Transition, Workflow
from hardtech.grants import permissions
from hardtech.grants.choices import ApplicationStatus as S
from hardtech.grants.models import Application
from hardtech.grants.notifications import GRANT_APPLICATION


def may_apply(user, application: Application) -> bool:
    """申报主体的用户"""
    return permissions.is_member(user, application)


def may_manage(user, application: Application) -> bool:
    """管委会"""
    return permissions.can_manage(user)


def applicant_users(application: Application):
    return members(application.applicant)


def _told(title: str) -> tuple[Notice, ...]:
    return (Notice(GRANT_APPLICATION, applicant_users, title),)


def _operators_told(title: str) -> tuple[Notice, ...]:
    return (Notice(GRANT_APPLICATION, lambda application: permissions.operators(), title),)


APPLICATION = Workflow(
    "grant_application",
    "政策兑现申报",
    states=tuple(State(code, label) for code, label in S.choices),
    transitions=(
        Transition(
            "submit",
            "提交申报",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            may_apply,
            stamp="submitted_at",
            confirm="提交后不能修改，确认提交？",
            notices=_operators_told("{obj.applicant.name} 提交了政策兑现申报 {obj.number}，待形式审查"),
        ),
        Transition(
            "withdraw",
            "撤回申报",
            (S.DRAFT, S.SUBMITTED, S.RETURNED),
            S.WITHDRAWN,
            may_apply,
            note=Note.OPTIONAL,
            style="button danger",
            confirm="撤回后本申报作废，确认撤回？",
        ),
        Transition(
            "return_for_correction",
            "退回补正",
            (S.SUBMITTED,),
            S.RETURNED,
            may_manage,
            note=Note.REQUIRED,
            style="button secondary",
            notices=_told("申报 {obj.number} 被退回补正"),
        ),
        Transition(
            "pass_check",
            "形式审查通过",
            (S.SUBMITTED,),
            S.CHECKED,
            may_manage,
            note=Note.OPTIONAL,
            stamp="checked_at",
            notices=_told("申报 {obj.number} 已通过形式审查"),
        ),
        Transition("send_to_review", "提交专家评审", (S.CHECKED,), S.IN_REVIEW, may_manage),
        Transition(
            "decide",
            "审定",
            (S.CHECKED, S.IN_REVIEW),
            S.DECIDED,
            may_manage,
            stamp="decided_at",
            notices=_told("申报 {obj.number} 已审定，待公示"),
        ),
        Transition(
            "publish",
            "列入公示",
            (S.DECIDED,),
            S.IN_NOTICE,
            may_manage,
            notices=_told("申报 {obj.number} 已列入公示"),
        ),
        Transition(
            "reopen",
            "退回重新审定",
            (S.DECIDED, S.IN_NOTICE),
            S.CHECKED,
            may_manage,
            note=Note.REQUIRED,
            notices=_told("申报 {obj.number} 因公示异议退回重新审定"),
        ),
        Transition(
            "finalise",
            "公示无异议，确定支持",
            (S.IN_NOTICE,),
            S.APPROVED,
            may_manage,
            notices=_told("申报 {obj.number} 公示结束，支持金额已确定"),
        ),
        Transition(
            "reject",
            "不予支持",
            (S.SUBMITTED, S.RETURNED, S.CHECKED, S.IN_REVIEW, S.DECIDED),
            S.REJECTED,
            may_manage,
            note=Note.REQUIRED,
            style="button danger",
            notices=_told("申报 {obj.number} 不予支持"),
        ),
        Transition(
            "confirm_offer",
            "确认兑现",
            (S.OFFERED,),
            S.CONFIRMED,
            may_apply,
            stamp="submitted_at",
            notices=_operators_told("{obj.applicant.name} 确认了免申即享兑现，待拨付审批"),
        ),
        Transition(
            "lapse_offer",
            "不予兑现（失效）",
            (S.OFFERED, S.CONFIRMED),
            S.LAPSED,
            may_manage,
            note=Note.REQUIRED,
            style="button danger",
            notices=_told("免申即享兑现已失效"),
        ),
        Transition(
            "decline_offer",
            "放弃兑现",
            (S.OFFERED,),
            S.DECLINED,
            may_apply,
            note=Note.OPTIONAL,
            style="button secondary",
        ),
        Transition(
            "approve_offer",
            "拨付审批通过",
            (S.CONFIRMED,),
            S.APPROVED,
            may_manage,
            stamp="decided_at",
            notices=_told("免申即享兑现已审批，等待拨付"),
        ),
        Transition(
            "mark_paid", "确认已拨付", (S.APPROVED,), S.PAID, may_manage, notices=_told("政策兑现资金已拨付")
        ),
        Transition(
            "revoke",
            "撤销支持",
            (S.APPROVED, S.PAID),
            S.REVOKED,
            may_manage,
            note=Note.REQUIRED,
            style="button danger",
            notices=_told("政策兑现支持已撤销"),
        ),
    ),
    note_field="note",
    version_field="version",
    page=lambda a: reverse("grants:application", args=[a.pk]),
)
