"""Saving a record form through catalogue.services: only what the user changed; a refusal or a conflicting
edit becomes an error on the form, which keeps the user's input."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from hardtech.catalogue import services
from hardtech.catalogue.forms import RecordForm


def save(request: HttpRequest, form: RecordForm, *, touched: bool = False) -> services.Saved | None:
    """Create or update the form's record (form.is_valid() has passed); None when refused, with the reason
    on the form. `touched`: the view changes something else of the record in the same transaction."""
    changes, relations = form.changes()
    try:
        if form.instance.pk is None:
            return services.create(request.user, form.blank, changes, relations)
        return services.update(
            request.user,
            form.instance,
            changes,
            relations,
            form.cleaned_data.get("version"),
            changed_meanwhile=form.changed_meanwhile,
            touched=touched,
        )
    except services.Conflict as exc:
        form.rebase(exc.current)
        form.add_error(None, str(exc))
        for name in exc.fields:
            form.add_error(name, "他人已修改此项：上面显示的是您填写的内容，再次保存将以它为准")
    except services.Forbidden as exc:
        fields = [name for name in exc.fields if name in form.fields]
        form.add_error(fields[0] if len(fields) == 1 else None, exc.message)
    except ValidationError as exc:
        # The stored record with this user's changes fails validation (someone else changed a field it
        # depends on, say the other end of a price range): say so on the fields concerned.
        for field, errors in exc.update_error_dict({}).items():
            form.add_error(field if field in form.fields else None, errors)
    return None


def report(request: HttpRequest, saved: services.Saved, done: str) -> None:
    """The success message, saying which organisations were invited rather than added."""
    text = done
    if saved.invited:
        names = "、".join(f"“{organisation.name}”" for organisation in saved.invited)
        text += f"；已邀请{names}成为共有机构，对方接受后才列入所属机构"
    messages.success(request, text)
