"""The zone's catalogue: organisations 机构, achievements 科技成果, demands 技术需求, experts 专家."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from hardtech.catalogue.choices import (
    ListingStatus,
    Maturity,
    OrganisationKind,
    TechField,
    TechLevel,
    TransferMode,
    label_of,
    labels_of,
)
from hardtech.catalogue.lists import split_list
from hardtech.catalogue.validators import (
    normalise_patent_number,
    reject_control_characters,
    validate_credit_code,
)
from hardtech.core.pinyin import sort_key
from hardtech.core.search import search_form
from hardtech.core.uploads import INLINE_TYPES, display_name, extension, sniff_file

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}
CENT = Decimal("0.01")  # money is kept to the 分 (two places of 万元 amounts)


class CleanText:
    """Refuses control characters in every text field (and in lists of text) at input, whatever the path:
    web forms and the API both run full_clean()."""

    def clean_fields(self, exclude=None) -> None:
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude or field.name in errors:
                continue
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                try:
                    reject_control_characters(getattr(self, field.attname))
                except ValidationError as exc:
                    errors.setdefault(field.name, []).extend(exc.error_list)
        if errors:
            raise ValidationError(errors)


class Versioned(models.Model):
    """版本号: raised by one on every save through the service layer, so a write based on an older read can be
    refused instead of silently overwriting someone else's change (lost update)."""

    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True


class Searchable:
    """A record with a `search_text` column: its searchable parts in analysed form (see catalogue.search)."""

    search_text: str

    def searchable_parts(self) -> list[str]:
        raise NotImplementedError

    def refresh_search_text(self) -> None:
        """Called by save(); bulk writes, which bypass save(), call it themselves."""
        self.search_text = search_form(" ".join(p for p in self.searchable_parts() if p))


class Organisation(CleanText, Searchable, Versioned):
    """机构: a park, university, institute, lab, enterprise, incubator, investor or service agency."""

    external_id = models.CharField("外部编号", max_length=64, unique=True, null=True, blank=True)
    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=20, choices=OrganisationKind.choices)
    province = models.CharField("省份", max_length=20, blank=True)
    city = models.CharField("城市", max_length=40, blank=True)
    district = models.CharField("区县", max_length=40, blank=True)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    moe_code = models.CharField("教育部院校代码", max_length=10, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    industry_tags = models.JSONField("产业链标签", default=list, blank=True)
    description = models.TextField("简介", blank=True)
    website = models.URLField("网站", blank=True)
    is_sample = models.BooleanField("示例数据", default=False)
    search_text = models.TextField(editable=False, default="")
    # 按拼音排序: the name in pinyin, so lists sort as Chinese readers expect rather than by code point.
    name_sort = models.CharField("拼音排序键", max_length=600, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "机构"
        ordering = ["name_sort"]  # pinyin order wherever organisations are listed or offered as choices

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.moe_code and self.kind != OrganisationKind.UNIVERSITY:
            raise ValidationError({"moe_code": "只有高校填写教育部院校代码"})
        if self.moe_code and not (self.moe_code.isdigit() and len(self.moe_code) == 10):
            raise ValidationError({"moe_code": "教育部院校代码应为10位数字"})
        if self.parent_id and self.pk and self.parent_id in self.family_ids():
            raise ValidationError({"parent": "上级机构不能是自身或其下属机构"})

    def searchable_parts(self) -> list[str]:
        return [self.name, self.description, *self.industry_tags]

    def save(self, *args, **kwargs) -> None:
        self.credit_code = self.credit_code or None
        self.external_id = self.external_id or None
        self.refresh_search_text()
        self.name_sort = sort_key(self.name, Organisation._meta.get_field("name_sort").max_length)
        # Services save the changed fields only: a new name brings its sort key along.
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_sort"}
        super().save(*args, **kwargs)

    @property
    def kind_label(self) -> str:
        return label_of(OrganisationKind, self.kind)

    @property
    def region(self) -> str:
        return " ".join(p for p in (self.province, self.city, self.district) if p)

    def family_ids(self) -> set[int]:
        """This organisation and the ones below it (a university's labs), for ownership checks.

        Kept on the instance: a request checks permissions many times against the same user.organisation.
        """
        if getattr(self, "_family_ids", None) is None:
            ids, frontier = {self.pk}, [self.pk]
            while frontier:
                children = Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
                frontier = [i for i in children if i not in ids]
                ids.update(frontier)
            self._family_ids = ids
        return self._family_ids


class ListingQuerySet(models.QuerySet):
    def published(self) -> "ListingQuerySet":
        return self.filter(status=ListingStatus.PUBLISHED)


class Listing(CleanText, Searchable, Versioned):
    """What achievements and demands share: review status, contact, dates, search text. How the status moves
    (draft → 待审核 → 已发布 → 已撤回/已退回) is declared in catalogue/workflow.py."""

    external_id = models.CharField("外部编号", max_length=64, unique=True, null=True, blank=True)
    title = models.CharField("名称", max_length=300)
    field = models.CharField("技术领域", max_length=30, choices=TechField.choices)
    subfield = models.CharField("细分领域", max_length=100, blank=True)
    keywords = models.JSONField("关键词", default=list, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=ListingStatus.choices, default=ListingStatus.DRAFT
    )
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    submitted_at = models.DateTimeField("提交审核时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField("数据来源", max_length=100, blank=True)
    # 待审核的修改: an owner's edit of a published listing waits here for review while the published version
    # stays on the public site; approval applies it.
    pending_changes = models.JSONField("待审核的修改", null=True, blank=True, editable=False)
    is_sample = models.BooleanField("示例数据", default=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def field_label(self) -> str:
        return label_of(TechField, self.field)

    @property
    def status_label(self) -> str:
        return label_of(ListingStatus, self.status)

    @property
    def is_published(self) -> bool:
        return self.status == ListingStatus.PUBLISHED

    @property
    def has_revision(self) -> bool:
        """修改待审核: published, with an owner's revision waiting for review (catalogue/workflow.py)."""
        return self.pending_changes is not None

    def searchable_parts(self) -> list[str]:
        return [self.title, self.subfield, *self.keywords]

    def save(self, *args, **kwargs) -> None:
        self.external_id = self.external_id or None
        self.keywords = split_list(self.keywords)
        self.refresh_search_text()
        super().save(*args, **kwargs)


class Achievement(Listing):
    """科技成果: a research result offered for transfer."""

    organisations = models.ManyToManyField(Organisation, verbose_name="所属机构", related_name="achievements")
    completers = models.JSONField("完成人", default=list, blank=True)
    summary = models.TextField("成果简介")
    maturity = models.CharField("成熟度", max_length=20, choices=Maturity.choices, blank=True)
    tech_level = models.CharField("技术水平", max_length=30, choices=TechLevel.choices, blank=True)
    patents = models.JSONField("专利号", default=list, blank=True)
    transfer_modes = models.JSONField("转化方式", default=list, blank=True)
    price_min = models.DecimalField("意向价格下限（万元）", null=True, blank=True, **MONEY)
    price_max = models.DecimalField("意向价格上限（万元）", null=True, blank=True, **MONEY)
    completed_on = models.DateField("完成日期", null=True, blank=True)

    class Meta(Listing.Meta):
        verbose_name = verbose_name_plural = "科技成果"
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"]),
            models.Index(fields=["field", "status"]),
        ]

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), self.summary, *self.completers]

    def clean(self) -> None:
        errors = {}
        try:
            self.patents = [normalise_patent_number(p) for p in self.patents if p.strip()]
        except ValidationError as exc:
            errors["patents"] = exc.error_list
        unknown = [m for m in self.transfer_modes if m not in TransferMode.values]
        if unknown:
            errors["transfer_modes"] = [f"未知的转化方式：{'、'.join(unknown)}"]
        if self.price_min is not None and self.price_max is not None and self.price_min > self.price_max:
            errors["price_max"] = ["价格上限不能低于下限"]
        if errors:
            raise ValidationError(errors)

    @property
    def maturity_label(self) -> str:
        return label_of(Maturity, self.maturity) if self.maturity else ""

    @property
    def tech_level_label(self) -> str:
        return label_of(TechLevel, self.tech_level) if self.tech_level else ""

    @property
    def transfer_mode_labels(self) -> list[str]:
        return labels_of(TransferMode, self.transfer_modes)

    @property
    def price_text(self) -> str:
        return price_range_text(self.price_min, self.price_max, "面议")


class Demand(Listing):
    """技术需求: a problem an enterprise wants solved."""

    enterprise = models.ForeignKey(
        Organisation, verbose_name="需求企业", on_delete=models.PROTECT, related_name="demands"
    )
    problem = models.TextField("拟解决难题")
    indicators = models.TextField("技术指标", blank=True)
    basis = models.TextField("现有基础", blank=True)
    budget_min = models.DecimalField("预算下限（万元）", null=True, blank=True, **MONEY)
    budget_max = models.DecimalField("预算上限（万元）", null=True, blank=True, **MONEY)
    cooperation_modes = models.JSONField("合作方式", default=list, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    province = models.CharField("省份", max_length=20, blank=True)
    city = models.CharField("城市", max_length=40, blank=True)
    district = models.CharField("区县", max_length=40, blank=True)

    class Meta(Listing.Meta):
        verbose_name = verbose_name_plural = "技术需求"
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"]),
            models.Index(fields=["field", "status"]),
        ]

    def searchable_parts(self) -> list[str]:
        return [*super().searchable_parts(), self.problem, self.indicators, self.basis]

    def clean(self) -> None:
        errors = {}
        unknown = [m for m in self.cooperation_modes if m not in TransferMode.values]
        if unknown:
            errors["cooperation_modes"] = [f"未知的合作方式：{'、'.join(unknown)}"]
        if self.budget_min is not None and self.budget_max is not None and self.budget_min > self.budget_max:
            errors["budget_max"] = ["预算上限不能低于下限"]
        enterprise = (
            Organisation.objects.filter(pk=self.enterprise_id).first() if self.enterprise_id else None
        )
        if enterprise is not None and enterprise.kind != OrganisationKind.ENTERPRISE:
            errors["enterprise"] = ["技术需求的发布方应为企业"]
        if errors:
            raise ValidationError(errors)

    @property
    def cooperation_mode_labels(self) -> list[str]:
        return labels_of(TransferMode, self.cooperation_modes)

    @property
    def budget_text(self) -> str:
        return price_range_text(self.budget_min, self.budget_max, "面议")

    @property
    def region(self) -> str:
        return " ".join(p for p in (self.province, self.city, self.district) if p)

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class Expert(CleanText, Searchable, Versioned):
    """专家: known by their organisation, fields, keywords and linked achievements."""

    external_id = models.CharField("外部编号", max_length=64, unique=True, null=True, blank=True)
    name = models.CharField("姓名", max_length=50)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="所在机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    title = models.CharField("职称", max_length=50, blank=True)
    fields = models.JSONField("技术领域", default=list, blank=True)
    keywords = models.JSONField("研究方向关键词", default=list, blank=True)
    bio = models.TextField("简介", blank=True)
    achievements = models.ManyToManyField(
        Achievement, verbose_name="相关成果", blank=True, related_name="experts"
    )
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    is_sample = models.BooleanField("示例数据", default=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "专家"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）" if self.organisation_id else self.name

    def clean(self) -> None:
        unknown = [f for f in self.fields if f not in TechField.values]
        if unknown:
            raise ValidationError({"fields": f"未知的技术领域：{'、'.join(unknown)}"})

    def searchable_parts(self) -> list[str]:
        return [self.name, self.title, self.bio, *self.keywords]

    def save(self, *args, **kwargs) -> None:
        self.external_id = self.external_id or None
        self.keywords = split_list(self.keywords)
        self.refresh_search_text()
        super().save(*args, **kwargs)

    @property
    def field_labels(self) -> list[str]:
        return labels_of(TechField, self.fields)


def validate_attachment(upload) -> None:
    """PDF or image, checked by its first bytes (not its name), and not too large."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        limit = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"附件“{display_name(upload.name)}”超过 {limit} MB")
    if sniff_file(upload) not in INLINE_TYPES:
        raise ValidationError(f"附件“{display_name(upload.name)}”不是 PDF、PNG 或 JPEG 文件")


def attachment_path(instance: "Attachment", filename: str) -> str:
    """Stored under a generated name: the user's file name (shown on the page) never reaches the disk."""
    return timezone.now().strftime(f"attachments/%Y/%m/{uuid.uuid4().hex}{extension(instance.content_type)}")


class Attachment(models.Model):
    """附件 of an achievement or a demand."""

    achievement = models.ForeignKey(
        Achievement, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    demand = models.ForeignKey(
        Demand, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, validators=[validate_attachment])
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(
        "文件类型", max_length=50, default="application/octet-stream", editable=False
    )
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(achievement__isnull=False) | models.Q(demand__isnull=False),
                name="attachment_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Whatever the path (portal, admin, shell), a new file's type comes from its bytes before upload_to
        # names it, and the shown name is cleaned.
        if self.file and not self.file._committed:
            self.content_type = sniff_file(self.file)
            self.name = self.name or self.file.name
        self.name = display_name(self.name)
        super().save(*args, **kwargs)


def price_range_text(low: Decimal | None, high: Decimal | None, unknown: str) -> str:
    def fmt(v: Decimal) -> str:
        return f"{v.normalize():f}"

    if low is None and high is None:
        return unknown
    if low is not None and high is not None:
        return f"{fmt(low)} 万元" if low == high else f"{fmt(low)}–{fmt(high)} 万元"
    return f"{fmt(low)} 万元起" if low is not None else f"{fmt(high)} 万元以内"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    ACCEPTED = "accepted", "已接受"
    DECLINED = "declined", "已拒绝"


class OwnershipInvitation(models.Model):
    """共有机构邀请: an achievement's owner asks another organisation to become a co-owner; the other side
    becomes one only when a user of that organisation accepts."""

    achievement = models.ForeignKey(
        Achievement, verbose_name="科技成果", on_delete=models.CASCADE, related_name="ownership_invitations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="受邀机构", on_delete=models.CASCADE, related_name="ownership_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="邀请人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("邀请时间", auto_now_add=True)
    responded_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "共有机构邀请"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["achievement", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ← {self.achievement}"
