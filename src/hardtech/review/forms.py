"""The review rounds' page forms: a round with its items and rubric, a manual pick, the scoring form."""

from decimal import Decimal

from django import forms

from hardtech.accounts.models import Role, User
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Expert

from .models import Anonymity, Criterion, Recommendation, ReviewProfile, RoundItem
from .services import CriterionSpec

RUBRIC_ROWS = 5
DEFAULT_RUBRIC = [
    ("技术创新性", Decimal("0.4"), "1 分：无新意；5 分：有改进；10 分：国际领先的原创技术"),
    ("市场前景", Decimal("0.3"), "1 分：无明确市场；10 分：市场大且需求迫切"),
    ("团队与转化能力", Decimal("0.3"), "1 分：团队不具备转化条件；10 分：团队完整且有成功转化经历"),
]


def item_choices() -> list[tuple[str, str]]:
    """Published achievements and demands, as "achievement-<id>" / "demand-<id>"."""
    published = {"status": ListingStatus.PUBLISHED}
    return [
        *(
            (f"achievement-{a.pk}", f"成果：{a.title}")
            for a in Achievement.objects.filter(**published).order_by("pk")
        ),
        *((f"demand-{d.pk}", f"需求：{d.title}") for d in Demand.objects.filter(**published).order_by("pk")),
    ]


def records_of(values: list[str]) -> list[Achievement | Demand]:
    ids: dict[str, list[int]] = {"achievement": [], "demand": []}
    for value in values:
        kind, _, pk = value.partition("-")
        ids[kind].append(int(pk))
    return [
        *Achievement.objects.filter(pk__in=ids["achievement"]),
        *Demand.objects.filter(pk__in=ids["demand"]),
    ]


class RubricForm(forms.Form):
    """The rubric as rows of criteria (a row without a name is left out); initially the given criteria, or the
    default rubric."""

    def __init__(self, *args, current: list[Criterion] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rows = [(c.name, c.weight, c.scale_min, c.scale_max, c.anchors) for c in current or []] or [
            (name, weight, 1, 10, anchors) for name, weight, anchors in DEFAULT_RUBRIC
        ]
        for n in range(RUBRIC_ROWS):
            name, weight, low, high, anchors = rows[n] if n < len(rows) else ("", None, 1, 10, "")
            self.fields[f"c{n}_name"] = forms.CharField(
                label="指标", max_length=100, required=False, initial=name
            )
            self.fields[f"c{n}_weight"] = forms.DecimalField(
                label="权重",
                max_digits=4,
                decimal_places=3,
                min_value=0,
                max_value=1,
                required=False,
                initial=weight,
            )
            self.fields[f"c{n}_min"] = forms.IntegerField(
                label="最低分", initial=low, required=False, min_value=-100, max_value=100
            )
            self.fields[f"c{n}_max"] = forms.IntegerField(
                label="最高分", initial=high, required=False, min_value=-100, max_value=100
            )
            self.fields[f"c{n}_anchors"] = forms.CharField(
                label="评分锚点", max_length=2000, required=False, initial=anchors
            )

    def rubric_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"c{n}_{part}"] for part in ("name", "weight", "min", "max", "anchors")]
            for n in range(RUBRIC_ROWS)
        ]

    def criteria(self) -> list[CriterionSpec]:
        data = self.cleaned_data
        return [
            CriterionSpec(
                name=data[f"c{n}_name"],
                weight=data[f"c{n}_weight"] or Decimal(0),
                scale_min=data[f"c{n}_min"] if data[f"c{n}_min"] is not None else 1,
                scale_max=data[f"c{n}_max"] if data[f"c{n}_max"] is not None else 10,
                anchors=data[f"c{n}_anchors"],
            )
            for n in range(RUBRIC_ROWS)
            if data.get(f"c{n}_name")
        ]


class RoundForm(RubricForm):
    title = forms.CharField(label="名称", max_length=200)
    description = forms.CharField(
        label="说明", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reviewers_per_item = forms.IntegerField(label="每项评审专家数", min_value=1, max_value=20, initial=3)
    max_load = forms.IntegerField(label="每位专家最多评审数", min_value=1, max_value=200, initial=5)
    deadline = forms.DateTimeField(
        label="评审截止时间", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    anonymity = forms.TypedChoiceField(
        label="匿名规则",
        choices=Anonymity.choices,
        initial=Anonymity.ANONYMOUS,
        required=False,
        empty_value=Anonymity.ANONYMOUS,
        help_text="管委会始终看到评分人姓名；评审专家提交自己的评分后才看到他人评分，且不显示姓名",
    )
    chair = forms.ModelChoiceField(
        label="评审主持人",
        queryset=User.objects.filter(role__in=[Role.OPERATOR, Role.EXPERT], is_active=True).order_by(
            "username"
        ),
        required=False,
        help_text="留空则由管委会主持；匿名轮次中主持人看不到评分人姓名",
    )
    items = forms.MultipleChoiceField(
        label="评审对象（已发布的成果和需求）", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = item_choices()


class ManualForm(forms.Form):
    """The operator's pick for one item: an expert, added or replacing one of the item's standing reviewers."""

    expert = forms.ModelChoiceField(label="指定专家", queryset=Expert.objects.filter(user__isnull=False))
    replacing = forms.TypedChoiceField(label="替换", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, item: RoundItem, **kwargs) -> None:
        super().__init__(*args, prefix=f"i{item.pk}", **kwargs)
        standing = item.assignments.filter(declined=False).select_related("expert")
        self.fields["replacing"].choices = [
            ("", "（新增一位）"),
            *((a.pk, f"替换{a.expert.name}") for a in standing),
        ]


class ScoreForm(forms.Form):
    recommendation = forms.ChoiceField(
        label="推荐意见", choices=[("", "（请选择）"), *Recommendation.choices], required=False
    )
    comment = forms.CharField(
        label="评审意见", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.name}（{c.scale_min}–{c.scale_max} 分，权重 {c.weight.normalize():f}）",
                required=False,
                help_text=c.anchors,
            )

    def values(self) -> dict[str, int | None]:
        return {str(c.pk): self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}


class ConflictForm(forms.Form):
    reason = forms.CharField(label="回避原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ReviewProfile
        fields = ["available", "availability_note", "max_load_per_round"]


class InviteForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label="邀请专家",
        queryset=Expert.objects.filter(user__isnull=False).select_related("organisation"),
        widget=forms.CheckboxSelectMultiple,
    )


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="答复",
        choices=[("1", "接受"), ("0", "谢绝")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="谢绝理由", max_length=500, required=False)


class FinalsForm(forms.Form):
    size = forms.IntegerField(label="决赛项目数（校准排名前 N 项）", min_value=2, max_value=50, initial=6)
    judges = forms.ModelMultipleChoiceField(
        label="决赛评委（不选则为本轮全部评审专家）",
        queryset=Expert.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, experts: list[Expert], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["judges"].queryset = Expert.objects.filter(pk__in=[e.pk for e in experts]).order_by("pk")
