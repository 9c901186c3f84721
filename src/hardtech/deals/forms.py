"""Forms of the deal pages: the filters the board and the list share, opening and editing a deal, and the small
forms of a deal's page (checklist, team, activity, documents). They parse input only; every write goes through
hardtech.deals.services."""

from django import forms
from django.db.models import BigIntegerField, F, QuerySet
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.catalogue import permissions as catalogue_permissions
from hardtech.catalogue.choices import TechField
from hardtech.catalogue.forms import SearchBoxField
from hardtech.catalogue.models import MONEY, Achievement, Demand, Expert, Organisation
from hardtech.deals import permissions
from hardtech.deals.choices import ActivityKind, EndReason, Landing, Source, Stage
from hardtech.deals.models import Deal, TeamRole

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ID = {"min_value": 1, "max_value": BigIntegerField.MAX_BIGINT}


def _optional(choices, empty: str = "全部") -> list[tuple[str, str]]:
    return [("", empty), *choices]


def managers() -> QuerySet[User]:
    """The active technology managers: who may lead a deal or join its team."""
    return User.objects.filter(role=Role.MANAGER, is_active=True).order_by("display_name", "username")


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class DealFilterForm(forms.Form):
    """The filters the board and the list share (GET); a bad value is ignored, not an error page."""

    q = SearchBoxField(label="关键词", required=False, max_length=100)
    lead = ManagerChoiceField(
        label="牵头人", required=False, queryset=User.objects.none(), empty_label="全部"
    )
    source = forms.ChoiceField(label="来源", required=False, choices=_optional(Source.choices))
    field = forms.ChoiceField(label="技术领域", required=False, choices=_optional(TechField.choices))
    mine = forms.BooleanField(label="只看我的", required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if permissions.can_open(user):
            self.fields["lead"].queryset = managers()
        else:  # the parties filter their own few deals by text; the list of managers is not theirs to browse
            del self.fields["lead"]
            del self.fields["mine"]

    def value(self, name: str):
        self.is_valid()
        return self.cleaned_data.get(name) or ""


SORTS: dict[str, tuple[str, tuple]] = {
    "new": ("最新创建", ("-opened_at", "-id")),
    "old": ("最早创建", ("opened_at", "id")),
    "moved": ("最近推进", ("-stage_entered_at", "-id")),
    # Deals without an amount last on every database (PostgreSQL puts NULL first when descending).
    "amount": ("金额从高到低", (F("amount").desc(nulls_last=True), "-id")),
    "code": ("项目编号", ("code",)),
}


class DealListForm(DealFilterForm):
    stage = forms.ChoiceField(label="阶段", required=False, choices=_optional(Stage.choices))
    opened_from = forms.DateField(label="创建日期起", required=False, widget=DATE)
    opened_to = forms.DateField(label="创建日期止", required=False, widget=DATE)
    buyer = forms.CharField(label="需求方", required=False, max_length=100)
    seller = forms.CharField(label="成果方", required=False, max_length=100)
    sort = forms.ChoiceField(
        label="排序", required=False, choices=[(k, label) for k, (label, _) in SORTS.items()]
    )
    org = forms.IntegerField(
        required=False, widget=forms.HiddenInput, **ID
    )  # either side, from the workspace


class RecordsField(forms.ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"size": 6})

    def label_from_instance(self, obj) -> str:
        return str(getattr(obj, "title", None) or getattr(obj, "name", obj))


class OpenDealForm(forms.Form):
    """发起技术转移项目: what it links, where it came from, and (for the operator) who leads it."""

    title = forms.CharField(label="项目名称", max_length=200)
    summary = forms.CharField(
        label="项目简介", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    source = forms.ChoiceField(label="来源", choices=Source.choices, initial=Source.MANUAL)
    achievements = RecordsField(label="科技成果", required=False, queryset=Achievement.objects.none())
    experts = RecordsField(label="专家（技术诀窍）", required=False, queryset=Expert.objects.none())
    demands = RecordsField(label="技术需求", required=False, queryset=Demand.objects.none())
    sellers = RecordsField(
        label="成果方机构",
        required=False,
        queryset=Organisation.objects.none(),
        help_text="留空时取所选成果、专家的所属机构",
    )
    buyers = RecordsField(
        label="需求方企业",
        required=False,
        queryset=Organisation.objects.none(),
        help_text="留空时取所选需求的企业",
    )
    amount = forms.DecimalField(
        label="预计金额（万元）",
        required=False,
        max_digits=MONEY["max_digits"],
        decimal_places=2,
        min_value=0,
    )
    lead = ManagerChoiceField(label="牵头技术经理人", queryset=User.objects.none(), empty_label="请选择")

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["achievements"].queryset = catalogue_permissions.visible_listings(
            user, Achievement.objects.order_by("title")
        )
        self.fields["demands"].queryset = catalogue_permissions.visible_listings(
            user, Demand.objects.order_by("title")
        )
        self.fields["experts"].queryset = Expert.objects.order_by("name")
        organisations = Organisation.objects.order_by("name")
        self.fields["sellers"].queryset = organisations
        self.fields["buyers"].queryset = organisations
        if user.role == Role.OPERATOR:
            self.fields["lead"].queryset = managers()
        else:  # a technology manager leads what they open
            del self.fields["lead"]
        for name in ("achievements", "experts", "demands", "sellers", "buyers"):
            self.fields[name].help_text = (
                self.fields[name].help_text + "；" if self.fields[name].help_text else ""
            ) + "按住 Ctrl（Mac 为 ⌘）可多选"


class DealEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Deal
        fields = ["title", "summary", "amount"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.changed_data}


class StepForm(forms.Form):
    """What a stage step may carry besides its name: the note, the end reason, the form of landing."""

    note = forms.CharField(required=False, max_length=500)
    reason = forms.ChoiceField(required=False, choices=_optional(EndReason.choices, "请选择终止原因"))
    landing = forms.ChoiceField(required=False, choices=_optional(Landing.choices, "请选择落地形式"))


class TickForm(forms.Form):
    done = forms.BooleanField(required=False)
    note = forms.CharField(required=False, max_length=500)


class ItemForm(forms.Form):
    label = forms.CharField(label="事项", max_length=200)
    due_on = forms.DateField(label="截止日期", required=False, widget=DATE)
    required = forms.BooleanField(label="推进前必须完成", required=False)


class DueForm(forms.Form):
    due_on = forms.DateField(label="截止日期", required=False, widget=DATE)


class MemberForm(forms.Form):
    user = ManagerChoiceField(label="技术经理人", queryset=User.objects.none(), empty_label="请选择")
    role = forms.ModelChoiceField(label="团队角色", queryset=TeamRole.objects.all(), empty_label="请选择")

    def __init__(self, *args, deal: Deal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        team = deal.members.values("user")
        self.fields["user"].queryset = managers().exclude(pk=deal.lead_id).exclude(pk__in=team)


class LeadForm(forms.Form):
    lead = ManagerChoiceField(label="新的牵头人", queryset=User.objects.none(), empty_label="请选择")

    def __init__(self, *args, deal: Deal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = managers().exclude(pk=deal.lead_id)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ActivityKind.choices)
    summary = forms.CharField(label="摘要", max_length=200)
    body = forms.CharField(
        label="内容", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    occurred_at = forms.DateTimeField(
        label="时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )

    def clean_occurred_at(self):
        value = self.cleaned_data.get("occurred_at")
        if value and value > timezone.now() + timezone.timedelta(days=1):
            raise forms.ValidationError("活动时间不能晚于今天")
        return value


class DocumentForm(forms.Form):
    title = forms.CharField(label="文档名称", max_length=200, help_text="与已有文档同名时，上传为它的新版本")
    file = forms.FileField(
        label="文件",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        help_text="PDF、PNG 或 JPEG",
    )
    note = forms.CharField(label="版本说明", required=False, max_length=500)
