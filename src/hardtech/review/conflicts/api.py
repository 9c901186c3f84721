"""/api/review/conflicts: an item's conflicts (the operator sees every expert's, an expert their own),
declaring one, the operator's waiver and recorded relations. Mounted on review.api's router."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError

from hardtech.catalogue.models import Expert, Organisation
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, check_references, forbid_unless
from hardtech.core.api.schemas import ErrorOut, ValidationErrorOut
from hardtech.review.conflicts import permissions, services
from hardtech.review.conflicts.parties import adapter_by_code
from hardtech.review.conflicts.registry import Batch, Conflict, barred_experts
from hardtech.review.conflicts.schemas import (
    DeclaredOut,
    DeclareIn,
    ItemConflictsOut,
    ItemRef,
    RelationIn,
    RelationOut,
    WaiveIn,
    WaiverOut,
)

router = Router(tags=["利益冲突"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


@contextmanager
def refusals() -> Iterator[None]:
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "无权操作") from exc


def visible_item(request: HttpRequest, kind: str, pk: int) -> models.Model:
    """The item if the caller may see it; missing and invisible are both 404."""
    adapter = adapter_by_code(kind)
    item = adapter.model.objects.filter(pk=pk).first() if adapter else None
    if item is None or not adapter.can_view(caller(request), item):
        raise Http404
    return item


def _conflict(c: Conflict) -> dict:
    return {
        "rule": c.rule,
        "label": c.label,
        "explanation": c.explanation,
        "reference": c.reference,
        "waived": c.waiver is not None,
        "waiver_reason": c.waiver.reason if c.waiver else None,
    }


@router.get("", auth=token_auth, response={200: ItemConflictsOut, **ERRORS}, summary="条目的利益冲突")
def item_conflicts(request: HttpRequest, ref: Query[ItemRef]) -> dict:
    user = caller(request)
    item = visible_item(request, ref.kind, ref.id)
    if permissions.can_manage(user):
        found = barred_experts(item, include_waived=True)
    else:
        own = permissions.expert_of(user)
        forbid_unless(own is not None, "只有管委会或专家本人可以查看利益冲突")
        found = {
            expert_id: c for (expert_id, _), c in Batch([item]).check([own], include_waived=True).items()
        }
    experts = Expert.objects.filter(pk__in=found).select_related("organisation").order_by("pk")
    return {
        "kind": ref.kind,
        "id": item.pk,
        "title": str(item),
        "experts": [
            {
                "expert_id": e.pk,
                "name": e.name,
                "organisation": e.organisation.name if e.organisation_id else None,
                "conflicts": [_conflict(c) for c in found[e.pk]],
            }
            for e in experts
        ],
    }


@router.post("/declare", auth=token_auth, response={201: DeclaredOut, **ERRORS}, summary="申报利益冲突")
def declare(request: HttpRequest, payload: DeclareIn):
    user = caller(request)
    item = visible_item(request, payload.kind, payload.id)
    if payload.expert_id is None:
        expert = permissions.expert_of(user)
        forbid_unless(expert is not None, "当前账号没有专家档案，不能申报利益冲突")
    else:
        expert = Expert.objects.filter(pk=payload.expert_id).first()
        if expert is None:
            raise Http404
    with refusals():
        conflict = services.declare(user, expert, item, payload.reason)
    return Status(201, conflict)


@router.post("/waive", auth=token_auth, response={201: WaiverOut, **ERRORS}, summary="豁免利益冲突（管委会）")
def waive(request: HttpRequest, payload: WaiveIn):
    user = caller(request)
    forbid_unless(permissions.can_manage(user), "只有管委会可以豁免利益冲突")
    item = visible_item(request, payload.kind, payload.id)
    expert = Expert.objects.filter(pk=payload.expert_id).first()
    if expert is None:
        raise Http404
    with refusals():
        waiver = services.waive(user, expert, item, payload.rule, payload.reason)
    return Status(201, waiver)


@router.post(
    "/relations", auth=token_auth, response={201: RelationOut, **ERRORS}, summary="登记专家关系（管委会）"
)
def add_relation(request: HttpRequest, payload: RelationIn):
    user = caller(request)
    forbid_unless(permissions.can_manage(user), "只有管委会可以登记专家关系")
    refs = {"expert_id": (Expert, [payload.expert_id])}
    if payload.organisation_id is not None:
        refs["organisation_id"] = (Organisation, [payload.organisation_id])
    check_references(refs)
    data = payload.dict(exclude={"expert_id"})
    with refusals():
        relation = services.record_relation(user, Expert.objects.get(pk=payload.expert_id), **data)
    return Status(201, relation)
