"""Request and response shapes of the catalogue's API (organisations, achievements, demands, experts,
co-ownership invitations); the shared pieces (ids, choices, pages, errors) are hardtech.core.api.schemas.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from hardtech.catalogue.choices import (
    ListingStatus,
    Maturity,
    OrganisationKind,
    TechField,
    TechLevel,
    TransferMode,
)
from hardtech.catalogue.models import InvitationStatus
from hardtech.catalogue.permissions import can_edit, can_see_contact
from hardtech.core.api.schemas import (
    MAX_ITEMS,
    MAX_TEXT,
    Id,
    Page,
    choice,
    choice_list,
    money,
    region_filter,
    search_box,
    text,
    version_field,
)

Code = Annotated[str, Field(max_length=30)]
Keyword = Annotated[str, Field(max_length=100)]
Tag = Annotated[str, Field(max_length=50)]
PatentNumber = Annotated[str, Field(max_length=40)]


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


def _shown(obj: Any, context: dict | None, name: str) -> str | None:
    """Contact details only for signed-in callers (permissions.can_see_contact); null for the public."""
    request = (context or {}).get("request")
    user = getattr(request, "auth", None)
    return getattr(obj, name) if user is not None and can_see_contact(user) else None


class ContactOut(Schema):
    contact_phone: str | None = None
    contact_email: str | None = None

    @staticmethod
    def resolve_contact_phone(obj: Any, context: dict | None) -> str | None:
        return _shown(obj, context, "contact_phone")

    @staticmethod
    def resolve_contact_email(obj: Any, context: dict | None) -> str | None:
        return _shown(obj, context, "contact_email")


class ListingOut(ContactOut):
    id: int
    title: str
    field: str
    field_label: str
    subfield: str
    keywords: list[str]
    status: str
    status_label: str
    review_note: str
    submitted_at: datetime | None
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="版本号，每次保存加一；修改时回传以防覆盖他人的修改")
    contact_name: str | None = None
    pending_changes: dict[str, Any] | None = Field(
        None,
        description="修改待审核：所属机构对已发布条目的修改（字段 → 新值），审核通过后替换已发布的内容；"
        "仅可编辑者可见",
    )

    @staticmethod
    def resolve_contact_name(obj: Any, context: dict | None) -> str | None:
        return _shown(obj, context, "contact_name")

    @staticmethod
    def resolve_pending_changes(obj: Any, context: dict | None) -> dict | None:
        user = getattr((context or {}).get("request"), "auth", None)
        return obj.pending_changes if user is not None and can_edit(user, obj) else None


class ListingPatch(Schema):
    """Fields common to achievements and demands; the status changes only through the workflow actions."""

    title: str | None = text(300)
    field: str | None = choice(TechField, "技术领域", None)
    subfield: str | None = text(100)
    keywords: list[Keyword] | None = Field(None, max_length=MAX_ITEMS)
    contact_name: str | None = text(50)
    contact_phone: str | None = text(30)
    contact_email: str | None = text(254)
    version: int | None = version_field()


# --- organisations ----------------------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    province: str
    city: str
    district: str
    region: str
    credit_code: str | None
    moe_code: str
    parent_id: int | None
    industry_tags: list[str]
    description: str
    website: str
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="版本号，每次保存加一；修改时回传以防覆盖他人的修改")


class OrganisationPatch(Schema):
    name: str | None = text(200)
    kind: str | None = choice(OrganisationKind, "机构类型", None)
    province: str | None = text(20)
    city: str | None = text(40)
    district: str | None = text(40)
    credit_code: str | None = text(18, "统一社会信用代码（18位）")
    moe_code: str | None = text(10, "教育部院校代码（仅高校，10位数字）")
    parent: Id | None = Field(None, description="上级机构 id")
    industry_tags: list[Tag] | None = Field(None, max_length=MAX_ITEMS)
    description: str | None = text(MAX_TEXT)
    website: str | None = text(200)
    version: int | None = version_field()


class OrganisationCreate(OrganisationPatch):
    name: str = Field(max_length=200)
    kind: str = choice(OrganisationKind, "机构类型")


class OrganisationFilters(Schema):
    q: str | None = search_box("全文检索（简繁体均可）")
    kind: str | None = choice(OrganisationKind, "机构类型", None)
    region: str | None = region_filter("省/市/区县，包含即可")
    ordering: Literal["name", "-name", "created_at", "-created_at"] = "name"


class OrganisationPage(Page):
    items: list[OrganisationOut]


# --- achievements -----------------------------------------------------------------------------------------


class AchievementOut(ListingOut):
    organisations: list[OrganisationRef]
    completers: list[str]
    summary: str
    maturity: str
    maturity_label: str
    tech_level: str
    tech_level_label: str
    patents: list[str]
    transfer_modes: list[str]
    transfer_mode_labels: list[str]
    price_min: Decimal | None
    price_max: Decimal | None
    price_text: str
    completed_on: date | None

    pending_organisations: list[OrganisationRef] = Field(
        description="已邀请、待对方确认的共有机构（对方接受后才列入所属机构；仅可编辑者可见）"
    )

    @staticmethod
    def resolve_organisations(obj: Any) -> list:
        return list(obj.organisations.all())

    @staticmethod
    def resolve_pending_organisations(obj: Any, context: dict | None) -> list:
        user = getattr((context or {}).get("request"), "auth", None)
        if user is None or not can_edit(user, obj):
            return []
        invitations = getattr(obj, "pending_invitations", None)
        if invitations is None:
            invitations = obj.ownership_invitations.filter(status=InvitationStatus.PENDING)
        return [invitation.organisation for invitation in invitations]


class AchievementPatch(ListingPatch):
    organisations: list[Id] | None = Field(
        None, max_length=MAX_ITEMS, description="所属机构 id；高校/院所用户默认为本机构"
    )
    completers: list[Tag] | None = Field(None, max_length=MAX_ITEMS)
    summary: str | None = text(MAX_TEXT)
    maturity: str | None = choice(Maturity, "成熟度", None)
    tech_level: str | None = choice(TechLevel, "技术水平", None)
    patents: list[PatentNumber] | None = Field(
        None, max_length=MAX_ITEMS, description="专利号，如 CN202223220665.2"
    )
    transfer_modes: list[Code] | None = choice_list(TransferMode, "转化方式")
    price_min: Decimal | None = money("意向价格下限")
    price_max: Decimal | None = money("意向价格上限")
    completed_on: date | None = None


class AchievementCreate(AchievementPatch):
    title: str = Field(max_length=300)
    field: str = choice(TechField, "技术领域")
    summary: str = Field(max_length=MAX_TEXT)


class AchievementFilters(Schema):
    q: str | None = search_box("全文检索（简繁体均可），多个词须同时出现")
    field: str | None = choice(TechField, "技术领域", None)
    maturity: str | None = choice(Maturity, "成熟度", None)
    transfer_mode: str | None = choice(TransferMode, "转化方式", None)
    kind: str | None = choice(OrganisationKind, "所属机构类型", None)
    organisation: Id | None = Field(None, description="所属机构 id")
    region: str | None = region_filter("所属机构的省/市/区县")
    status: str | None = choice(ListingStatus, "状态（可见范围内）", None)
    ordering: Literal[
        "-published_at",
        "published_at",
        "-created_at",
        "created_at",
        "title",
        "-title",
        "price_min",
        "-price_min",
    ] = "-published_at"


class AchievementPage(Page):
    items: list[AchievementOut]


# --- demands ----------------------------------------------------------------------------------------------


class DemandOut(ListingOut):
    enterprise: OrganisationRef
    problem: str
    indicators: str
    basis: str
    budget_min: Decimal | None
    budget_max: Decimal | None
    budget_text: str
    cooperation_modes: list[str]
    cooperation_mode_labels: list[str]
    valid_until: date | None
    is_expired: bool
    province: str
    city: str
    district: str
    region: str


class DemandPatch(ListingPatch):
    enterprise: Id | None = Field(None, description="需求企业 id；企业用户默认为本企业")
    problem: str | None = text(MAX_TEXT)
    indicators: str | None = text(MAX_TEXT)
    basis: str | None = text(MAX_TEXT)
    budget_min: Decimal | None = money("预算下限")
    budget_max: Decimal | None = money("预算上限")
    cooperation_modes: list[Code] | None = choice_list(TransferMode, "合作方式")
    valid_until: date | None = None
    province: str | None = text(20)
    city: str | None = text(40)
    district: str | None = text(40)


class DemandCreate(DemandPatch):
    title: str = Field(max_length=300)
    field: str = choice(TechField, "技术领域")
    problem: str = Field(max_length=MAX_TEXT)


class DemandFilters(Schema):
    q: str | None = search_box("全文检索（简繁体均可），多个词须同时出现")
    field: str | None = choice(TechField, "技术领域", None)
    cooperation_mode: str | None = choice(TransferMode, "合作方式", None)
    enterprise: Id | None = Field(None, description="需求企业 id")
    region: str | None = region_filter("省/市/区县，包含即可")
    status: str | None = choice(ListingStatus, "状态（可见范围内）", None)
    ordering: Literal[
        "-published_at",
        "published_at",
        "-created_at",
        "created_at",
        "title",
        "-title",
        "budget_max",
        "-budget_max",
        "valid_until",
        "-valid_until",
    ] = "-published_at"


class DemandPage(Page):
    items: list[DemandOut]


# --- experts ----------------------------------------------------------------------------------------------


class ExpertOut(ContactOut):
    id: int
    name: str
    organisation: OrganisationRef | None
    title: str
    fields: list[str]
    field_labels: list[str]
    keywords: list[str]
    bio: str
    created_at: datetime
    updated_at: datetime
    version: int = Field(description="版本号，每次保存加一；修改时回传以防覆盖他人的修改")


class ExpertPatch(Schema):
    name: str | None = text(50)
    organisation: Id | None = Field(None, description="所在机构 id；高校/院所用户默认为本机构")
    title: str | None = text(50)
    fields: list[Code] | None = choice_list(TechField, "技术领域")
    keywords: list[Keyword] | None = Field(None, max_length=MAX_ITEMS)
    bio: str | None = text(MAX_TEXT)
    contact_phone: str | None = text(30)
    contact_email: str | None = text(254)
    version: int | None = version_field()


class ExpertCreate(ExpertPatch):
    name: str = Field(max_length=50)


class ExpertFilters(Schema):
    q: str | None = search_box("全文检索（简繁体均可），多个词须同时出现")
    field: str | None = choice(TechField, "技术领域", None)
    kind: str | None = choice(OrganisationKind, "所在机构类型", None)
    organisation: Id | None = Field(None, description="所在机构 id")
    region: str | None = region_filter("所在机构的省/市/区县")
    ordering: Literal["name", "-name", "created_at", "-created_at"] = "name"


class ExpertPage(Page):
    items: list[ExpertOut]


# --- co-ownership invitations -----------------------------------------------------------------------------


class InvitationAchievement(Schema):
    id: int
    title: str
    organisations: list[OrganisationRef] = Field(description="目前的所属机构（邀请方）")

    @staticmethod
    def resolve_organisations(obj: Any) -> list:
        return list(obj.organisations.all())


class InvitationOut(Schema):
    id: int
    achievement: InvitationAchievement
    organisation: OrganisationRef = Field(description="受邀机构")
    status: str = Field(json_schema_extra={"enum": list(InvitationStatus.values)})
    status_label: str
    created_at: datetime
    responded_at: datetime | None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return obj.get_status_display()


class InvitationPage(Page):
    items: list[InvitationOut]
