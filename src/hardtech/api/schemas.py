"""Request and response shapes of the REST API.

Choice fields are plain strings documented with their allowed values (json_schema_extra) and checked by the
model's full_clean(), so a wrong value gets the same Chinese message as in the web forms. Money (万元) is
Decimal both ways; ninja's JSON encoder writes Decimal as a string, never a float.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import BigIntegerField, TextChoices
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
from hardtech.catalogue.search import MAX_QUERY_CHARS

# Every input is bounded, so that no request costs more than a page's worth of work: ids to the database's
# integer range (a larger number is a 422, never a database error), texts to their model field's length, long
# texts and lists to what a real record needs.
MAX_ID = BigIntegerField.MAX_BIGINT
MAX_TEXT = 20_000
MAX_ITEMS = 50
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Code = Annotated[str, Field(max_length=30)]
Keyword = Annotated[str, Field(max_length=100)]
Tag = Annotated[str, Field(max_length=50)]
PatentNumber = Annotated[str, Field(max_length=40)]


def text(max_length: int, description: str | None = None) -> Any:
    return Field(None, max_length=max_length, description=description)


def search_box(description: str) -> Any:
    return Field(None, max_length=MAX_QUERY_CHARS, description=description)


def region_filter(description: str) -> Any:
    return Field(None, max_length=40, description=description)


def choice(choices: type[TextChoices], description: str, default: Any = ...) -> Any:
    # The enum sits beside the anyOf of an optional field, so it must itself admit the null.
    values = [*choices.values, None] if default is None else list(choices.values)
    longest = max(len(v) for v in choices.values)
    return Field(default, max_length=longest, description=description, json_schema_extra={"enum": values})


def choice_list(choices: type[TextChoices], description: str) -> Any:
    return Field(
        None,
        max_length=len(choices.values),
        description=description,
        json_schema_extra={"items": {"enum": list(choices.values)}},
    )


def version_field() -> Any:
    return Field(
        None,
        ge=1,
        le=MAX_ID,
        description="上次读取时的 version；记录此后已被他人修改则返回 409（也可用 If-Match 请求头）",
    )


def money(description: str) -> Any:
    return Field(None, description=f"{description}（万元，字符串或数字，两位小数）")


# --- pagination -------------------------------------------------------------------------------------------


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=100, description="每页条数（1–100）")
    offset: int = Field(0, ge=0, le=MAX_ID, description="跳过的条数")


class Page(Schema):
    count: int = Field(description="符合条件的总条数")
    limit: int
    offset: int


# --- shared pieces ----------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str
    kind: str


class ErrorOut(Schema):
    detail: str


class ValidationItem(Schema):
    loc: list[str | int] = Field(description='出错的位置，如 ["body", "payload", "title"]')
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """The 422 shape: one item per problem (errors.py)."""

    detail: list[ValidationItem]


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

    @staticmethod
    def resolve_contact_name(obj: Any, context: dict | None) -> str | None:
        return _shown(obj, context, "contact_name")


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


class RejectIn(Schema):
    note: str = Field(max_length=500, description="退回意见（必填）")


class ApproveIn(Schema):
    note: str = Field("", max_length=500, description="审核意见")


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


# --- tokens -----------------------------------------------------------------------------------------------


class TokenRequest(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: str = Field("API", max_length=100, description="用途，便于日后识别")
    days: int | None = Field(
        None, ge=1, description="有效天数；默认且最长为平台设置的天数（HARDTECH_TOKEN_DAYS，默认 90）"
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime = Field(description="过期时间，过期后令牌不再可用")


class NewTokenOut(TokenOut):
    key: str = Field(description="令牌，只显示这一次")


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    organisation: OrganisationRef | None


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
