"""The delivery preferences form: one choice per declared event kind, and the address e-mails go to."""

from django import forms

from hardtech.notifications.kinds import Delivery
from hardtech.notifications.services import Preference

KIND_PREFIX = "kind:"


class PreferencesForm(forms.Form):
    email = forms.EmailField(
        label="接收邮件的邮箱",
        required=False,
        max_length=254,
        help_text="选择“邮件”或“每日摘要”的事件发往此邮箱；不填则只在站内信中提醒",
    )

    def __init__(self, *args, preferences: list[Preference], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for preference in preferences:
            self.fields[KIND_PREFIX + preference.kind.code] = forms.ChoiceField(
                label=preference.kind.label,
                help_text=preference.kind.description,
                choices=Delivery.choices,
                initial=preference.delivery,
                widget=forms.RadioSelect,
            )

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(KIND_PREFIX)]

    def choices(self) -> dict[str, str]:
        return {
            name.removeprefix(KIND_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(KIND_PREFIX)
        }
