"""What the review pages share: a service refusal shown on the form that was sent."""

from django import forms
from django.core.exceptions import ValidationError


def refusal_on(form: forms.Form, exc: ValidationError) -> None:
    """Put the service's refusal on the form: on the field it names when the form has one, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)
