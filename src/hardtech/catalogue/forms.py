"""Forms of the portal: listings, experts, organisations, review notes, library filters."""

import copy

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import BigIntegerField, QuerySet
from django.forms.models import model_to_dict

from hardtech.catalogue import permissions
from hardtech.catalogue.choices import (
    INDUSTRY_CHAINS,
    ListingStatus,
    Maturity,
    OrganisationKind,
    TechField,
    TechLevel,
    TransferMode,
)
from hardtech.catalogue.lists import LIST_JOINER, split_list
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation, validate_attachment


class ListTextField(forms.CharField):
    """A JSON list of strings, edited as one text box."""

    widget = forms.Textarea(attrs={"rows": 2})

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "多个之间用逗号、顿号或换行分隔")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return LIST_JOINER.join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        return split_list(super().to_python(value))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several PDF/PNG/JPEG uploads at once, each checked by the catalogue's validator."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "上传附件")
        kwargs.setdefault("help_text", "PDF、PNG 或 JPEG，可多选")
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        errors: list[ValidationError] = []
        for upload in uploads:
            try:
                validate_attachment(upload)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return list(uploads)


def _checkboxes(choices, label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class RecordForm(forms.ModelForm):
    """A catalogue record's create/edit form, saved through catalogue.services (views/editing.py).

    It offers only the fields the user may set (permissions.editable_fields, the rule the API applies too).
    Each field carries, in a hidden input, the value the form was shown with, and the form the version it was
    read at: so changed_data is what this user changed (not what someone else saved since), only that is
    saved, and a field someone else changed meanwhile is told apart from one nobody else touched.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        record = self.instance if self.instance.pk else type(self.instance)
        editable = permissions.editable_fields(user, record)
        for name in self.record_fields():
            if name not in editable:
                del self.fields[name]
            else:
                self.fields[name].show_hidden_initial = True
        self.fields["version"].initial = self.instance.version
        # What a new record starts from (the defaults the view gave it), before the form writes into it.
        self.blank = copy.copy(self.instance) if self.instance.pk is None else None

    def record_fields(self) -> list[str]:
        return [name for name in self._meta.fields if name in self.fields]

    def changes(self) -> tuple[dict, dict[str, list[int]]]:
        """What to save: the fields this user changed (every field of a new record), as plain values and as
        relations (lists of ids)."""
        names = [n for n in self.record_fields() if self.instance.pk is None or n in self.changed_data]
        relations = {f.name for f in self._meta.model._meta.many_to_many}
        plain = {n: self.cleaned_data[n] for n in names if n not in relations}
        return plain, {n: [o.pk for o in self.cleaned_data[n]] for n in names if n in relations}

    def shown(self, name: str):
        """The value a field was shown with, as the browser sent it back."""
        widget = self.fields[name].hidden_widget()
        return widget.value_from_datadict(self.data, self.files, self.add_initial_prefix(name))

    def changed_meanwhile(self, current) -> set[str]:
        """Of the fields this user changed, those whose stored value is no longer what the form showed."""
        names = [n for n in self.record_fields() if n in self.changed_data]
        stored = model_to_dict(current, fields=names)
        return {n for n in names if self.fields[n].has_changed(stored[n], self.shown(n))}

    def rebase(self, current) -> None:
        """After a conflict: show the record as stored now and keep what this user changed, so that saving
        again (having looked) applies the user's version of those fields and nothing else."""
        data = self.data.copy()
        names = self.record_fields()
        for name, value in model_to_dict(current, fields=names).items():
            shown = self.fields[name].prepare_value(value)
            keys = [self.add_initial_prefix(name)]
            if name not in self.changed_data:
                keys.append(self.add_prefix(name))
            for key in keys:
                if isinstance(shown, list | tuple):
                    data.setlist(key, [str(v) for v in shown])
                else:
                    data[key] = "" if shown is None else str(shown)
        data[self.add_prefix("version")] = str(current.version)
        self.data = data


class ListingForm(RecordForm):
    """What achievement and demand forms share: list fields, uploads and removal of attachments."""

    keywords = ListTextField(label="关键词")
    attachments = AttachmentsField()
    remove_attachments = forms.ModelMultipleChoiceField(
        label="删除附件", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.attachments.exists():
            self.fields["remove_attachments"].queryset = self.instance.attachments.all()
        else:
            del self.fields["remove_attachments"]
        self.fields["attachments"].help_text += f"，每条最多 {settings.ATTACHMENT_MAX_COUNT} 个"

    def clean(self) -> dict:
        cleaned = super().clean()
        uploads = cleaned.get("attachments") or []
        if not uploads:
            return cleaned
        limit = settings.ATTACHMENT_MAX_COUNT
        removed = cleaned.get("remove_attachments") or []
        kept = self.instance.attachments.count() - len(removed) if self.instance.pk else 0
        if kept + len(uploads) > limit:
            self.add_error(
                "attachments",
                f"每条信息最多 {limit} 个附件：现有 {kept} 个，本次上传 {len(uploads)} 个，请减少上传或先删除部分附件",
            )
        return cleaned


class AchievementForm(ListingForm):
    completers = ListTextField(label="完成人")
    patents = ListTextField(label="专利号", help_text="如 CN202223220665.2，多个之间用逗号、顿号或换行分隔")
    transfer_modes = _checkboxes(TransferMode.choices, "转化方式")

    class Meta:
        model = Achievement
        fields = list(permissions.EDITABLE_FIELDS[Achievement])
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, organisations: QuerySet[Organisation], help_text: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if field := self.fields.get("organisations"):
            field.queryset = organisations
            field.help_text = "按住 Ctrl（Mac 为 ⌘）可多选" + help_text


class DemandForm(ListingForm):
    cooperation_modes = _checkboxes(TransferMode.choices, "合作方式")

    class Meta:
        model = Demand
        fields = list(permissions.EDITABLE_FIELDS[Demand])
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "indicators": forms.Textarea(attrs={"rows": 3}),
            "basis": forms.Textarea(attrs={"rows": 3}),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, enterprises: QuerySet[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if field := self.fields.get("enterprise"):  # absent for an enterprise user, who publishes for itself
            field.queryset = enterprises


class ExpertForm(RecordForm):
    fields = _checkboxes(TechField.choices, "技术领域")
    keywords = ListTextField(label="研究方向关键词")
    achievements = forms.ModelMultipleChoiceField(
        label="代表成果",
        queryset=Achievement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="所属机构已发布的科技成果；智能匹配据此认识专家",
    )

    class Meta:
        model = Expert
        fields = list(permissions.EDITABLE_FIELDS[Expert])
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(
        self,
        *args,
        organisations: QuerySet[Organisation],
        achievements: QuerySet[Achievement],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if field := self.fields.get("organisation"):
            field.queryset = organisations
        self.fields["achievements"].queryset = achievements
        if not achievements.exists():
            self.fields["achievements"].help_text = "保存所属机构后，可在此勾选该机构已发布的代表成果"


class OrganisationForm(RecordForm):
    """Identity fields (name, kind, parent) are the operator's (permissions.RESERVED_FIELDS)."""

    industry_tags = _checkboxes([(c, c) for c in INDUSTRY_CHAINS], "产业链标签")
    website = forms.URLField(label="网站", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = list(permissions.EDITABLE_FIELDS[Organisation])
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "parent" in self.fields and self.instance.pk:
            self.fields["parent"].queryset = Organisation.objects.exclude(pk=self.instance.pk)


def _optional(choices, empty: str = "全部") -> list[tuple[str, str]]:
    return [("", empty), *choices]


class SearchBoxField(forms.CharField):
    """A search box: a longer text (pasted) is searched by its first max_length characters, rather than
    being refused and the whole library shown as if nothing had been typed."""

    def to_python(self, value):
        return super().to_python(value)[: self.max_length]


class LibraryForm(forms.Form):
    """Search box, filters and sort order of a library page (GET)."""

    q = SearchBoxField(label="关键词", required=False, max_length=100)
    field = forms.ChoiceField(label="技术领域", required=False, choices=_optional(TechField.choices))
    region = forms.ChoiceField(label="地区", required=False, choices=[])
    sort = forms.ChoiceField(label="排序", required=False, choices=[])
    org = forms.IntegerField(  # "its achievements" of an org page; an id, so within the database's range
        required=False, min_value=1, max_value=BigIntegerField.MAX_BIGINT, widget=forms.HiddenInput
    )

    def __init__(self, *args, regions: list[str], sorts: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _optional([(r, r) for r in regions])
        self.fields["sort"].choices = sorts

    def value(self, name: str):
        """The cleaned value, or "" when absent or invalid (a bad filter is ignored, not an error page)."""
        self.is_valid()
        return self.cleaned_data.get(name) or ""


class AchievementLibraryForm(LibraryForm):
    maturity = forms.ChoiceField(label="成熟度", required=False, choices=_optional(Maturity.choices))
    tech_level = forms.ChoiceField(label="技术水平", required=False, choices=_optional(TechLevel.choices))
    mode = forms.ChoiceField(label="转化方式", required=False, choices=_optional(TransferMode.choices))
    org_kind = forms.ChoiceField(
        label="机构类型", required=False, choices=_optional(OrganisationKind.choices)
    )
    status = forms.ChoiceField(label="状态", required=False, choices=_optional(ListingStatus.choices))

    field_order = ["q", "field", "maturity", "tech_level", "mode", "org_kind", "region", "status", "sort"]


class DemandLibraryForm(LibraryForm):
    mode = forms.ChoiceField(label="合作方式", required=False, choices=_optional(TransferMode.choices))
    status = forms.ChoiceField(label="状态", required=False, choices=_optional(ListingStatus.choices))

    field_order = ["q", "field", "mode", "region", "status", "sort"]


class OrganisationLibraryForm(LibraryForm):
    kind = forms.ChoiceField(label="机构类型", required=False, choices=_optional(OrganisationKind.choices))
    field = None
    org = None

    field_order = ["q", "kind", "region", "sort"]
