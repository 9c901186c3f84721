"""一企一档: what support policies read about an applicant — yearly figures, recognitions, technology
contracts, investments and prior awards. `to_profile()` turns it into the policy engine's profile format."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from hardtech.catalogue.choices import OrganisationKind
from hardtech.catalogue.models import MONEY, CleanText, Organisation

# The policy engine's applicant kinds, from the catalogue's organisation kinds.
APPLICANT_KIND = {
    OrganisationKind.ENTERPRISE: "enterprise",
    OrganisationKind.INCUBATOR: "enterprise",
    OrganisationKind.SERVICE: "enterprise",
    OrganisationKind.UNIVERSITY: "university",
    OrganisationKind.INSTITUTE: "institute",
    OrganisationKind.NEW_RD: "institute",
    OrganisationKind.KEY_LAB: "institute",
    OrganisationKind.INVESTOR: "investor",
}


class ProfileQuerySet(models.QuerySet):
    def with_records(self) -> "ProfileQuerySet":
        """Everything to_profile() reads, in six queries however many profiles there are."""
        return self.select_related("organisation").prefetch_related(
            "years", "recognitions", "contracts", "investments", "prior_awards"
        )


class ApplicantProfile(models.Model):
    organisation = models.OneToOneField(
        Organisation, verbose_name="申请主体", on_delete=models.CASCADE, related_name="applicant_profile"
    )
    registered_in_zone = models.BooleanField("注册地在本区", null=True, blank=True)
    tax_in_zone = models.BooleanField("税务关系在本区", null=True, blank=True)
    serious_dishonesty = models.BooleanField("近三年有严重失信记录", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "企业档案"

    def __str__(self) -> str:
        return f"{self.organisation.name} 档案"

    @property
    def applicant_kind(self) -> str | None:
        return APPLICANT_KIND.get(self.organisation.kind)

    def to_profile(self) -> dict:
        """The profile dict of the policy engine (see shared/policy/FORMAT.md); absent data stays absent."""
        profile: dict = {
            "id": self.organisation.external_id or f"ORG-{self.organisation_id}",
            "name": self.organisation.name,
            "kind": self.applicant_kind,
        }
        for flag in ("registered_in_zone", "tax_in_zone", "serious_dishonesty"):
            if getattr(self, flag) is not None:
                profile[flag] = getattr(self, flag)
        if self.pk is None:
            return profile  # nothing on file yet: every figure and record is missing data
        years = list(self.years.all())
        profile["rd_expense"] = {str(y.year): y.rd_expense for y in years if y.rd_expense is not None}
        profile["revenue"] = {str(y.year): y.revenue for y in years if y.revenue is not None}
        profile["events"] = [r.to_event() for r in self.recognitions.all()]
        profile["contracts"] = [c.to_contract() for c in self.contracts.all()]
        profile["investments"] = [i.to_investment() for i in self.investments.all()]
        profile["prior_awards"] = {a.key: a.amount for a in self.prior_awards.all()}
        return profile


class YearFigures(models.Model):
    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    rd_expense = models.DecimalField("研发费用（万元）", null=True, blank=True, **MONEY)
    revenue = models.DecimalField("营业收入（万元）", null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = verbose_name_plural = "年度财务数据"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["profile", "year"], name="one_figures_row_per_year")]

    def __str__(self) -> str:
        return f"{self.year} 年"


class Recognition(CleanText, models.Model):
    """认定、获批、获奖: the events the policy's articles 6, 7, 10, 12 and 13 read."""

    class Type(models.TextChoices):
        HIGH_TECH = "high_tech_recognition", "高新技术企业认定"
        SPECIALIZED = "specialized", "专精特新"
        KEY_LAB = "key_lab", "重点实验室"
        INCUBATOR = "incubator", "孵化载体"
        COMPETITION = "competition_award", "创新创业大赛获奖"

    class Grade(models.TextChoices):
        FIRST = "first", "首次认定"
        RENEWAL = "renewal", "重新认定"
        RELOCATION = "relocation", "整体迁入"
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"
        REGIONAL = "regional", "赛区（省级）"
        NATIONAL_INCUBATOR = "national_incubator", "国家级科技企业孵化器"
        PROVINCIAL_INCUBATOR = "provincial_incubator", "省级科技企业孵化器"
        NATIONAL_MAKERSPACE = "national_makerspace", "国家级众创空间"

    class Rank(models.TextChoices):
        FIRST = "first", "一等奖"
        SECOND = "second", "二等奖"
        THIRD = "third", "三等奖"
        EXCELLENCE = "excellence", "优秀奖"

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="recognitions")
    type = models.CharField("类型", max_length=30, choices=Type.choices)
    grade = models.CharField("级别/类别", max_length=30, choices=Grade.choices)
    rank = models.CharField("奖项", max_length=20, choices=Rank.choices, blank=True)
    date = models.DateField("日期")
    registered_at_award = models.BooleanField("获奖时已在本区注册", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "认定与获奖"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}（{self.get_grade_display()}） {self.date}"

    def clean(self) -> None:
        # The policy reads a grade only together with its type: a 省级 high-tech recognition would silently
        # match no article, so such combinations are refused where they are entered.
        allowed = GRADES.get(self.type)
        if allowed is not None and self.grade and self.grade not in allowed:
            names = "、".join(str(self.Grade(g).label) for g in allowed)
            raise ValidationError({"grade": f"{self.get_type_display()}的级别/类别应为：{names}"})
        if self.type == self.Type.COMPETITION and not self.rank:
            raise ValidationError({"rank": "大赛获奖须填写奖项"})
        if self.type != self.Type.COMPETITION and (self.rank or self.registered_at_award is not None):
            field = "rank" if self.rank else "registered_at_award"
            raise ValidationError({field: "只有创新创业大赛获奖填写此项"})

    def to_event(self) -> dict:
        # 高企认定 carries its kind as `subtype`; every other event as `level` (FORMAT.md).
        key = "subtype" if self.type == self.Type.HIGH_TECH else "level"
        event: dict = {"type": self.type, key: self.grade, "date": self.date}
        if self.type == self.Type.COMPETITION:
            event["rank"] = self.rank
            if self.registered_at_award is not None:
                event["registered_at_award"] = self.registered_at_award
        return event


_G = Recognition.Grade
GRADES: dict[str, tuple[str, ...]] = {
    Recognition.Type.HIGH_TECH: (_G.FIRST, _G.RENEWAL, _G.RELOCATION),
    Recognition.Type.SPECIALIZED: (_G.NATIONAL, _G.PROVINCIAL),
    Recognition.Type.KEY_LAB: (_G.NATIONAL, _G.PROVINCIAL),
    Recognition.Type.INCUBATOR: (_G.NATIONAL_INCUBATOR, _G.PROVINCIAL_INCUBATOR, _G.NATIONAL_MAKERSPACE),
    Recognition.Type.COMPETITION: (_G.NATIONAL, _G.REGIONAL),
}


class TechContract(CleanText, models.Model):
    """登记的技术合同."""

    class Role(models.TextChoices):
        SELLER = "seller", "技术输出方"
        BUYER = "buyer", "技术吸纳方"

    class Type(models.TextChoices):
        DEVELOPMENT = "development", "技术开发"
        TRANSFER = "transfer", "技术转让"
        LICENSE = "license", "技术许可"
        CONSULTING = "consulting", "技术咨询"
        SERVICE = "service", "技术服务"

    class CounterpartyKind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        UNIVERSITY = "university", "高校"
        INSTITUTE = "institute", "科研院所"

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="contracts")
    contract_no = models.CharField("合同登记号", max_length=40, blank=True)
    role = models.CharField("身份", max_length=10, choices=Role.choices)
    type = models.CharField("合同类型", max_length=20, choices=Type.choices)
    registered = models.BooleanField("已在本区登记", default=True)
    date = models.DateField("登记日期")
    paid_amount = models.DecimalField("实际支付额（万元）", **MONEY)
    counterparty_name = models.CharField("对方名称", max_length=200, blank=True)
    counterparty_kind = models.CharField("对方类型", max_length=20, choices=CounterpartyKind.choices)
    counterparty_in_zone = models.BooleanField("对方在本区", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "技术合同"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}合同 {self.date}"

    def to_contract(self) -> dict:
        return {
            "role": self.role,
            "type": self.type,
            "registered": self.registered,
            "date": self.date,
            "paid_amount": self.paid_amount,
            "counterparty_kind": self.counterparty_kind,
            "counterparty_in_zone": self.counterparty_in_zone,
        }


class Investment(CleanText, models.Model):
    """投资机构的投资笔次."""

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="investments")
    investee_name = models.CharField("被投企业", max_length=200, blank=True)
    date = models.DateField("投资日期")
    amount = models.DecimalField("投资额（万元）", **MONEY)
    cash = models.BooleanField("现金投资", default=True)
    investee_in_zone = models.BooleanField("被投企业在本区", default=True)
    investee_founded = models.DateField("被投企业成立日期")
    investee_employees = models.PositiveIntegerField("投资时职工人数")

    class Meta:
        verbose_name = verbose_name_plural = "投资记录"
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.investee_name or '投资'} {self.date}"

    def to_investment(self) -> dict:
        return {
            "date": self.date,
            "amount": self.amount,
            "cash": self.cash,
            "investee_in_zone": self.investee_in_zone,
            "investee_founded": self.investee_founded,
            "investee_employees": self.investee_employees,
        }


class PriorAward(CleanText, models.Model):
    """此前已获得的本政策奖励 (e.g. the provincial 专精特新 award that article 7 tops up)."""

    class Key(models.TextChoices):
        SPECIALIZED_PROVINCIAL = "specialized_provincial", "省级专精特新奖励"

    profile = models.ForeignKey(ApplicantProfile, on_delete=models.CASCADE, related_name="prior_awards")
    key = models.CharField("奖励", max_length=40, choices=Key.choices)
    amount = models.DecimalField("金额（万元）", default=Decimal("0"), **MONEY)

    class Meta:
        verbose_name = verbose_name_plural = "已获奖励"
        constraints = [models.UniqueConstraint(fields=["profile", "key"], name="one_prior_award_per_key")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.amount} 万元"


# What an applicant files about itself, per model, in order: the profile pages' forms and the Excel
# import/export both use exactly these.
FILED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    ApplicantProfile: ("registered_in_zone", "tax_in_zone", "serious_dishonesty"),
    YearFigures: ("year", "rd_expense", "revenue"),
    Recognition: ("type", "grade", "rank", "date", "registered_at_award"),
    TechContract: (
        "contract_no",
        "role",
        "type",
        "registered",
        "date",
        "paid_amount",
        "counterparty_name",
        "counterparty_kind",
        "counterparty_in_zone",
    ),
    Investment: (
        "investee_name",
        "date",
        "amount",
        "cash",
        "investee_in_zone",
        "investee_founded",
        "investee_employees",
    ),
    PriorAward: ("key", "amount"),
}
