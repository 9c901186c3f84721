"""技术合同: the contract record in the fields of the national registration form (技术合同认定登记), its
non-technical cost lines, and the versions kept when a registered record is corrected."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from hardtech.catalogue.choices import TechField
from hardtech.catalogue.models import MONEY, CleanText, Organisation, Versioned
from hardtech.catalogue.validators import validate_credit_code
from hardtech.deals.choices import (
    TRANSFER_TYPES,
    ContractStatus,
    ContractType,
    CostKind,
    EntityKind,
    IpType,
    PaymentMethod,
)
from hardtech.deals.validators import validate_region_code, validate_registration_no

from .deals import Deal

USER = settings.AUTH_USER_MODEL


class Contract(CleanText, Versioned):
    deal = models.OneToOneField(
        Deal,
        verbose_name="技术转移项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contract",
    )
    project_name = models.CharField("项目名称", max_length=200)
    contract_type = models.CharField("合同类型", max_length=40, choices=ContractType.choices)
    buyer = models.ForeignKey(
        Organisation,
        verbose_name="买方机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    buyer_name = models.CharField("买方名称", max_length=200)
    buyer_credit_code = models.CharField(
        "买方统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    buyer_kind = models.CharField("买方主体类型", max_length=20, choices=EntityKind.choices)
    buyer_region = models.CharField("买方所在地区代码", max_length=6, validators=[validate_region_code])
    seller = models.ForeignKey(
        Organisation,
        verbose_name="卖方机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seller_name = models.CharField("卖方名称", max_length=200)
    seller_credit_code = models.CharField(
        "卖方统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    seller_kind = models.CharField("卖方主体类型", max_length=20, choices=EntityKind.choices)
    seller_region = models.CharField("卖方所在地区代码", max_length=6, validators=[validate_region_code])
    signed_on = models.DateField("签订日期")
    valid_from = models.DateField("有效期起")
    valid_to = models.DateField("有效期止")
    total_amount = models.DecimalField("合同总额（万元）", **MONEY)
    technology_amount = models.DecimalField(
        "技术交易额（万元）", editable=False, default=Decimal("0"), **MONEY
    )
    paid_amount = models.DecimalField("已支付金额（万元）", default=Decimal("0"), **MONEY)
    payment_method = models.CharField("支付方式", max_length=20, choices=PaymentMethod.choices)
    ip_type = models.CharField("知识产权类型", max_length=20, choices=IpType.choices)
    tech_field = models.CharField("技术领域", max_length=40, choices=TechField.choices)
    expected_investment = models.DecimalField("预计新增投资（万元）", null=True, blank=True, **MONEY)
    expected_output = models.DecimalField("预计新增产值（万元）", null=True, blank=True, **MONEY)
    status = models.CharField(
        "登记状态", max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    registrar_note = models.CharField("登记意见", max_length=500, blank=True)
    registration_no = models.CharField(
        "技术合同登记号",
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_registration_no],
    )
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)
    registrar = models.ForeignKey(
        USER, verbose_name="登记员", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    imported = models.BooleanField("导入的既有登记记录", default=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "技术合同"
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["status", "registered_at"])]

    def __str__(self) -> str:
        return self.project_name

    @property
    def group(self) -> str:
        return ContractType(self.contract_type).group

    @property
    def buyer_in_zone(self) -> bool:
        return self.buyer_region == settings.ZONE_REGION_CODE

    @property
    def seller_in_zone(self) -> bool:
        return self.seller_region == settings.ZONE_REGION_CODE

    def non_technical_total(self) -> Decimal:
        """The non-technical cost lines (设备、原材料、零部件 …) as saved."""
        if self.pk is None:
            return Decimal("0")
        return self.costs.aggregate(s=models.Sum("amount"))["s"] or Decimal("0")

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if self.buyer_credit_code and self.buyer_credit_code == self.seller_credit_code:
            errors.setdefault("seller_credit_code", []).append(
                "买方与卖方不能是同一主体（统一社会信用代码相同）"
            )
        elif self.buyer_id and self.buyer_id == self.seller_id:
            errors.setdefault("seller", []).append("买方与卖方不能是同一机构")
        elif self.buyer_name and self.buyer_name.strip() == (self.seller_name or "").strip():
            errors.setdefault("seller_name", []).append("买方与卖方不能是同一主体")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append("有效期止不能早于有效期起")
        if self.contract_type in TRANSFER_TYPES:
            for name in ("expected_investment", "expected_output"):
                if getattr(self, name) is None:
                    label = self._meta.get_field(name).verbose_name
                    errors.setdefault(name, []).append(f"技术转让合同须填写{label}")
        if (
            self.total_amount is not None
            and self.paid_amount is not None
            and self.paid_amount > self.total_amount
        ):
            errors.setdefault("paid_amount", []).append("已支付金额不能超过合同总额")
        if errors:
            raise ValidationError(errors)


class ContractCost(CleanText, models.Model):
    """A non-technical cost line: 技术交易额 = 合同总额 − the sum of these."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="costs")
    kind = models.CharField("费用类别", max_length=20, choices=CostKind.choices)
    description = models.CharField("说明", max_length=200, blank=True)
    amount = models.DecimalField("金额（万元）", **MONEY)

    class Meta:
        verbose_name = verbose_name_plural = "非技术性费用"
        ordering = ["contract", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class ContractRevision(models.Model):
    """更正: the registered record as it stood before a correction, who corrected it and why."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField("版本")
    snapshot = models.JSONField("更正前的登记内容")
    reason = models.CharField("更正理由", max_length=500)
    corrected_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    corrected_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "登记更正记录"
        ordering = ["contract", "-number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="one_revision_number")]

    def __str__(self) -> str:
        return f"{self.contract} 第{self.number}版"
