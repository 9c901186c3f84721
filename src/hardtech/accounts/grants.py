"""Granting and revoking scoped roles (audited, like every write), and the checks the permission tables use.

A user's live grants are read once per user object — request.user lives for one request — and kept on it, so a
page that checks many records costs one query.
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from hardtech.accounts import scopes
from hardtech.accounts.models import Grant, User

_CACHE = "_scoped_grants"


def _live() -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())


def _forget(user: User) -> None:
    user.__dict__.pop(_CACHE, None)


def _grants_of(user) -> dict[str, set[tuple[int, int]]]:
    """role code → {(content type id, object id)} of the user's live grants."""
    cached = user.__dict__.get(_CACHE)
    if cached is None:
        cached = {}
        rows = Grant.objects.filter(_live(), user=user).values_list("role", "content_type_id", "object_id")
        for role, ct, pk in rows:
            cached.setdefault(role, set()).add((ct, pk))
        user.__dict__[_CACHE] = cached
    return cached


def has_grant(user, role: str, obj: models.Model) -> bool:
    """Whether the user holds this scoped role on this object now."""
    if not user.is_authenticated or obj.pk is None:
        return False
    ct = ContentType.objects.get_for_model(type(obj))
    return (ct.pk, obj.pk) in _grants_of(user).get(role, ())


def granted_ids(user, role: str, model: type[models.Model]) -> set[int]:
    """Ids of the objects of `model` on which the user holds `role`."""
    if not user.is_authenticated:
        return set()
    ct = ContentType.objects.get_for_model(model)
    return {pk for ct_id, pk in _grants_of(user).get(role, ()) if ct_id == ct.pk}


def holders(role: str, obj: models.Model):
    """The live grants of `role` on `obj`, with their users."""
    ct = ContentType.objects.get_for_model(type(obj))
    return (
        Grant.objects.filter(_live(), role=role, content_type=ct, object_id=obj.pk)
        .select_related("user", "granted_by")
        .order_by("created_at")
    )


def grants_on(obj: models.Model, roles: Iterable[str] | None = None):
    """Every live grant on `obj` (of these roles), for pages that list who may do what."""
    ct = ContentType.objects.get_for_model(type(obj))
    found = Grant.objects.filter(_live(), content_type=ct, object_id=obj.pk)
    if roles is not None:
        found = found.filter(role__in=list(roles))
    return found.select_related("user", "granted_by").order_by("role", "created_at")


def grant(user: User, role: str, obj: models.Model, by: User | None, expires_at=None) -> Grant:
    """Give `user` the scoped role on `obj` (renewing its expiry if already held). The role must be declared
    and granted on objects of obj's model."""
    declared = scopes.get(role)
    if not isinstance(obj, declared.model_class):
        raise ValueError(f"{role} is granted on {declared.model}, not on {obj._meta.label}")
    ct = ContentType.objects.get_for_model(type(obj))
    with transaction.atomic():
        found = Grant.objects.select_for_update().filter(
            user=user, role=role, content_type=ct, object_id=obj.pk
        )
        existing = found.first()
        if existing is not None:
            if existing.expires_at != expires_at:
                existing.expires_at = expires_at
                existing.save()  # audited by the recorder
            result = existing
        else:
            result = Grant.objects.create(
                user=user, role=role, content_type=ct, object_id=obj.pk, granted_by=by, expires_at=expires_at
            )
    _forget(user)
    return result


def revoke(grant_: Grant) -> None:
    """Withdraw a grant (the recorder audits the deletion)."""
    with transaction.atomic():
        grant_.delete()
    _forget(grant_.user)


def revoke_role(user: User, role: str, obj: models.Model) -> bool:
    """Withdraw `user`'s `role` on `obj` if held; whether there was one."""
    ct = ContentType.objects.get_for_model(type(obj))
    found = Grant.objects.filter(user=user, role=role, content_type=ct, object_id=obj.pk).first()
    if found is None:
        return False
    revoke(found)
    return True
