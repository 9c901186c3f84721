"""Serial numbers of the year (JY2026000123, SB2026000007 …): the next free one, taken at save."""

from django.db import IntegrityError, models, transaction
from django.db.models import Max


def save_numbered(
    obj: models.Model, field: str, prefix: str, width: int = 6, message: str = "编号分配冲突，请重试"
) -> None:
    """Give the record `field` = `prefix` and the next serial and save it (a new record in full, a stored one that
    field only); a number taken meanwhile by a record saved at the same moment (a unique-constraint failure) is
    retried with the next one."""
    model = type(obj)
    adding = obj._state.adding
    for _ in range(8):
        last = model.objects.filter(**{f"{field}__startswith": prefix}).aggregate(last=Max(field))["last"]
        setattr(obj, field, f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:0{width}d}")
        try:
            with transaction.atomic():
                obj.save() if adding else obj.save(update_fields=[field])
            return
        except IntegrityError:
            if adding:
                obj.pk = None
    raise IntegrityError(message)
