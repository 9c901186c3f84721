"""Forms of the event pages: the operator's event, session and programme set-up, the registration form, the
review and the booking forms. They parse input only; every write goes through hardtech.events.services."""

from django import forms
from django.db.models import BigIntegerField
from django.utils import timezone

from hardtech.accounts.membership import organisation_ids
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Organisation
from hardtech.events.choices import ParticipantType, ProgrammeKind, RegistrationStatus
from hardtech.events.models import Event, Registration

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ID = {"min_value": 1, "max_value": BigIntegerField.MAX_BIGINT}


def _optional(choices, empty: str = "全部") -> list[tuple[str, str]]:
    return [("", empty), *choices]


class EventForm(forms.ModelForm):
    """The event's details; the caps per participant type are one number field each (empty: no cap)."""

    class Meta:
        model = Event
        fields = [
            "title",
            "description",
            "venue",
            "starts_on",
            "tables",
            "default_max_meetings",
            "registration_deadline",
            "booking_deadline",
            "public",
        ]
        widgets = {
            "starts_on": DATE,
            "registration_deadline": DATETIME,
            "booking_deadline": DATETIME,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        caps = (self.instance.caps or {}) if self.instance else {}
        for value, label in ParticipantType.choices:
            self.fields[f"cap_{value}"] = forms.IntegerField(
                label=f"名额：{label}",
                required=False,
                min_value=0,
                max_value=100000,
                initial=caps.get(value),
                help_text="留空表示不限",
            )
        for name in ("registration_deadline", "booking_deadline"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:  # the version read, so that a save over someone else's edit is refused
            self.fields["version"] = forms.IntegerField(
                required=False, widget=forms.HiddenInput, initial=self.instance.version, **ID
            )

    def fields_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["caps"] = {
            value: self.cleaned_data[f"cap_{value}"]
            for value in ParticipantType.values
            if self.cleaned_data.get(f"cap_{value}") is not None
        }
        return data


class SessionForm(forms.Form):
    label = forms.CharField(label="名称", max_length=40, help_text="如：上午、下午")
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    slot_minutes = forms.IntegerField(label="每轮时长（分钟）", min_value=5, max_value=240, initial=30)
    slot_count = forms.IntegerField(label="轮数", min_value=1, max_value=48, initial=4)


class ProgrammeForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ProgrammeKind.choices)
    title = forms.CharField(label="题目", max_length=200)
    speaker = forms.CharField(label="报告人", max_length=100, required=False)
    achievement = forms.ModelChoiceField(
        label="路演成果",
        required=False,
        queryset=Achievement.objects.filter(status=ListingStatus.PUBLISHED).order_by("title"),
        empty_label="（无）",
    )
    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label="结束时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])


class ListingChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class SessionChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        starts = timezone.localtime(obj.starts_at)
        return f"{obj.label}（{starts:%m-%d %H:%M} 起，{obj.slot_count} 轮 × {obj.slot_minutes} 分钟）"


class RegistrationForm(forms.Form):
    """Sign-up and edit: the user's own organisation, its own published listings, the event's sessions."""

    organisation = forms.ModelChoiceField(
        label="参会机构", queryset=Organisation.objects.none(), empty_label=None
    )
    type = forms.ChoiceField(label="参会方类型", choices=ParticipantType.choices)
    offers = ListingChoices(
        label="可提供的科技成果",
        required=False,
        queryset=Achievement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="从本机构已发布的成果中选择",
    )
    seeks = ListingChoices(
        label="寻求的技术需求",
        required=False,
        queryset=Demand.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="从本机构已发布的需求中选择",
    )
    interests = forms.CharField(
        label="对接意向",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="想找什么样的合作方；没有关联成果或需求时，系统按这段文字推荐洽谈对象",
    )
    sessions = SessionChoices(label="可参加的洽谈场次", queryset=None, widget=forms.CheckboxSelectMultiple)
    max_meetings = forms.IntegerField(label="最多洽谈场次", min_value=1, max_value=48)
    auto_accept = forms.BooleanField(label="自动接受洽谈邀请", required=False)
    contact_name = forms.CharField(label="联系人", max_length=50)
    contact_phone = forms.CharField(label="联系电话", max_length=30)

    def __init__(self, *args, user, event: Event, registration: Registration | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if registration is not None:
            orgs = Organisation.objects.filter(pk=registration.organisation_id)
            self.initial.setdefault("organisation", registration.organisation_id)
        else:
            orgs = Organisation.objects.filter(pk__in=organisation_ids(user)).order_by("name")
        self.fields["organisation"].queryset = orgs
        self.fields["offers"].queryset = (
            Achievement.objects.filter(organisations__in=orgs, status=ListingStatus.PUBLISHED)
            .distinct()
            .order_by("title")
        )
        self.fields["seeks"].queryset = Demand.objects.filter(
            enterprise__in=orgs, status=ListingStatus.PUBLISHED
        ).order_by("title")
        self.fields["sessions"].queryset = event.sessions.all()
        self.fields["max_meetings"].initial = event.default_max_meetings
        if registration is not None:
            self.fields["organisation"].disabled = True
        else:
            self.initial.setdefault("contact_name", getattr(user, "display_name", "") or "")
            self.initial.setdefault("sessions", [s.pk for s in event.sessions.all()])


class ReviewForm(forms.Form):
    note = forms.CharField(label="审核意见", required=False, max_length=500)


class RegistrationFilterForm(forms.Form):
    type = forms.ChoiceField(label="参会方类型", required=False, choices=_optional(ParticipantType.choices))
    status = forms.ChoiceField(
        label="审核状态", required=False, choices=_optional(RegistrationStatus.choices)
    )

    def value(self, name: str) -> str:
        self.is_valid()
        return self.cleaned_data.get(name) or ""


class RequestForm(forms.Form):
    receiver = forms.IntegerField(widget=forms.HiddenInput, **ID)
    message = forms.CharField(label="附言", required=False, max_length=500)
    priority = forms.IntegerField(label="优先级", min_value=1, max_value=5, initial=3)


class RespondForm(forms.Form):
    accept = forms.BooleanField(required=False)


class ParticipantChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Registration) -> str:
        return f"{obj.organisation.name}（{obj.get_type_display()}）"


class ProposeForm(forms.Form):
    a = ParticipantChoice(label="参会方甲（发起方）", queryset=Registration.objects.none())
    b = ParticipantChoice(label="参会方乙（确认方）", queryset=Registration.objects.none())
    message = forms.CharField(
        label="推荐理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
    priority = forms.IntegerField(label="优先级", min_value=1, max_value=5, initial=4)

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        approved = (
            event.registrations.filter(status=RegistrationStatus.APPROVED)
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.fields["a"].queryset = approved
        self.fields["b"].queryset = approved
