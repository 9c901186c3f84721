"""The registry's web forms: find an item, declare, waive, record a relation."""

from django import forms

from hardtech.core.api.schemas import MAX_ID
from hardtech.review.conflicts.parties import ADAPTERS
from hardtech.review.conflicts.rules import RULES
from hardtech.review.models.conflicts import REASON_MAX_LENGTH, RelationKind


def _reason(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


def _id(label: str, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=MAX_ID, required=required)


class ItemLookupForm(forms.Form):
    kind = forms.ChoiceField(label="条目类型", choices=())
    id = _id("条目编号")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(a.code, a.label) for a in ADAPTERS.values()]


class DeclareForm(forms.Form):
    reason = _reason("回避原因")


class RecordConflictForm(forms.Form):
    expert = _id("专家编号")
    reason = _reason("冲突原因")


class WaiveForm(forms.Form):
    expert = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    rule = forms.ChoiceField(choices=[(r.code, r.label) for r in RULES], widget=forms.HiddenInput)
    reason = _reason("豁免理由")


class RelationForm(forms.Form):
    expert = _id("专家编号")
    kind = forms.ChoiceField(label="关系", choices=RelationKind.choices)
    person_name = forms.CharField(
        label="对方姓名", max_length=50, required=False, help_text="导师、学生、亲属关系填写"
    )
    organisation = _id("对方机构编号", required=False)
    since = forms.DateField(label="起始日期", required=False, help_text="如 2020-09-01")
    until = forms.DateField(label="终止日期", required=False, help_text="留空表示至今")
    source = forms.CharField(label="信息来源", max_length=200, required=False)
