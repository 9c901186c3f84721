"""The message form (a reply, or the first message of a new thread with its subject)."""

from django import forms

from hardtech.catalogue.forms import AttachmentsField
from hardtech.messaging.models import BODY_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label="留言内容",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX_LENGTH}),
        error_messages={"required": "请填写留言内容"},
    )
    attachments = AttachmentsField(help_text="PDF、PNG 或 JPEG，可多选；仅对话参与人可下载")

    def uploads(self) -> list:
        return self.cleaned_data.get("attachments") or []


class ThreadForm(MessageForm):
    subject = forms.CharField(
        label="主题", max_length=200, required=False, help_text="不填则为“关于 + 条目名称”"
    )
    field_order = ["subject", "body", "attachments"]
