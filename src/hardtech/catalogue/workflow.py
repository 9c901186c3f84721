"""How an achievement (科技成果) or a demand (技术需求) gets published: the listing review, declared here and run by
hardtech.core.workflow (the web buttons, the review queue, the API's POST /api/achievements|demands/{id}/<step>
and the admin all take these steps).

    草稿 ──提交审核──▶ 待审核 ──通过并发布──▶ 已发布 ──撤回──▶ 已撤回 ──提交审核──▶ 待审核 …
                         └──退回（须填写意见）──▶ 已退回 ──提交审核──▶ 待审核 …

- Its owners (the institution's users for an achievement, the enterprise's for a demand) and the curators
  (技术经理人, 管委会) submit it and withdraw it; only the operator (管委会) approves or returns it, and a return
  needs a note, which the owners read on the listing and in their inbox.
- Approval notifies the owners and whoever created the listing ("条目通过审核"), a return likewise ("条目被退回",
  with the note); those who chose e-mail for these kinds at /inbox/preferences/ get one after the commit.
- 修改待审核: when an owner edits a listing that is already published, the edit is kept as the listing's pending
  revision (catalogue.services.update) and the published version stays public and searchable. The operator
  then approves the revision (通过修改: it replaces the published version) or returns it with a note (退回修改:
  it is dropped, the published version stays). Withdrawing a listing folds a waiting revision into it. Curators'
  edits apply at once and are not reviewed.

hardtech.core.workflow.describe(REVIEW) writes it out as a diagram and a table (docs/architecture.md).
"""

from hardtech.accounts.models import User
from hardtech.catalogue import permissions, services
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.kinds import page_of
from hardtech.catalogue.models import Achievement, Demand
from hardtech.core.workflow import Note, Notice, State, Step, Transition, Workflow
from hardtech.notifications.kinds import Delivery, register_kind

Listing = Achievement | Demand

DRAFT, PENDING, PUBLISHED = (
    ListingStatus.DRAFT.value,
    ListingStatus.PENDING.value,
    ListingStatus.PUBLISHED.value,
)
REJECTED, WITHDRAWN = ListingStatus.REJECTED.value, ListingStatus.WITHDRAWN.value
REVISING = "revising"  # derived, never stored: published with a pending revision


def state_of(listing: Listing) -> str:
    if listing.status == PUBLISHED and listing.pending_changes is not None:
        return REVISING
    return listing.status


# --- who may ----------------------------------------------------------------------------------------------------


def may_edit(user, listing: Listing) -> bool:
    """所属机构与技术经理人、管委会"""
    return permissions.can_edit(user, listing)


def may_review(user, listing: Listing) -> bool:
    """管委会"""
    return permissions.can_review(user)


def answerable(listing: Listing) -> list[User]:
    """Whom a review result reaches: the users who answer for the listing, and whoever created it."""
    return [*permissions.owners(listing), listing.created_by]


# --- effects --------------------------------------------------------------------------------------------------


def clear_note(listing: Listing, step: Step) -> set[str]:
    """A new submission starts without the last review's note."""
    listing.review_note = ""
    return {"review_note"}


def apply_revision(listing: Listing, step: Step) -> set[str]:
    return services.apply_revision(listing)


def discard_revision(listing: Listing, step: Step) -> set[str]:
    return services.discard_revision(listing)


# The events the review sends (their codes are stored with each notification: never change them).
LISTING_APPROVED = register_kind(
    "listing.approved", "条目通过审核", Delivery.EMAIL, "您提交的科技成果或技术需求已通过审核并公开发布"
)
LISTING_RETURNED = register_kind(
    "listing.returned", "条目被退回", Delivery.EMAIL, "您提交的条目被退回修改，附审核意见"
)
APPROVED = Notice(LISTING_APPROVED, answerable, "“{obj.title}”已通过审核", "审核意见：{note}")
RETURNED = Notice(LISTING_RETURNED, answerable, "“{obj.title}”被退回", "审核意见：{note}")

REVIEW = Workflow(
    "listing",
    "条目审核",
    states=(
        State(DRAFT, "草稿"),
        State(PENDING, "待审核"),
        State(PUBLISHED, "已发布"),
        State(REVISING, "修改待审核", "已发布，所属机构的修改等待审核；公开的仍是已发布的版本"),
        State(REJECTED, "已退回"),
        State(WITHDRAWN, "已撤回"),
    ),
    transitions=(
        Transition(
            "submit",
            "提交审核",
            (DRAFT, REJECTED, WITHDRAWN),
            PENDING,
            may_edit,
            stamp="submitted_at",
            effect=clear_note,
            denied="无权提交该条目",
        ),
        Transition(
            "approve",
            "通过并发布",
            (PENDING,),
            PUBLISHED,
            may_review,
            note=Note.OPTIONAL,
            stamp="published_at",
            notices=(APPROVED,),
            denied="只有管委会可以审核",
            refused="只有待审核的条目可以通过审核（当前：{state}）",
            done="已通过审核并发布",
        ),
        Transition(
            "reject",
            "退回",
            (PENDING,),
            REJECTED,
            may_review,
            note=Note.REQUIRED,
            notices=(RETURNED,),
            denied="只有管委会可以审核",
            refused="只有待审核的条目可以退回（当前：{state}）",
            style="button danger",
        ),
        Transition(
            "approve_revision",
            "通过修改",
            (REVISING,),
            PUBLISHED,
            may_review,
            note=Note.OPTIONAL,
            notices=(APPROVED,),
            effect=apply_revision,
            denied="只有管委会可以审核",
            refused="只有修改待审核的条目可以通过修改（当前：{state}）",
            done="已通过修改，公开页面已更新",
        ),
        Transition(
            "reject_revision",
            "退回修改",
            (REVISING,),
            PUBLISHED,
            may_review,
            note=Note.REQUIRED,
            notices=(RETURNED,),
            effect=discard_revision,
            denied="只有管委会可以审核",
            refused="只有修改待审核的条目可以退回修改（当前：{state}）",
            done="已退回修改，公开的仍是原内容",
            style="button danger",
        ),
        Transition(
            "withdraw",
            "撤回",
            (PUBLISHED, REVISING, PENDING),
            WITHDRAWN,
            may_edit,
            effect=apply_revision,
            denied="无权撤回该条目",
            style="button secondary",
            confirm="确定撤回“{obj.title}”？撤回后将不再公开。",
        ),
    ),
    note_field="review_note",
    version_field="version",
    state_of=state_of,
    page=page_of,
)
