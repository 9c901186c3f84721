"""The options every import page offers: what to do with bad rows, and a dry run that only counts."""

from django import forms

from hardtech.spreadsheets.framework import ALL_OR_NOTHING, MODE_LABELS


class ImportOptions(forms.Form):
    mode = forms.ChoiceField(
        label="出错时",
        choices=list(MODE_LABELS.items()),
        widget=forms.RadioSelect,
        initial=ALL_OR_NOTHING,
        required=False,
    )
    dry_run = forms.BooleanField(
        label="试运行（只检查并统计将新增、修改、未变的记录，不写入）", required=False
    )

    def clean_mode(self) -> str:
        return self.cleaned_data["mode"] or ALL_OR_NOTHING  # the safe mode when a post names none
