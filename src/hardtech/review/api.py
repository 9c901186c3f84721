"""/api/review/: the conflict-of-interest registry (/conflicts) and the review rounds."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from hardtech.catalogue.models import Expert
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, forbid_unless, paginate
from hardtech.core.api.schemas import ErrorOut, Id, PageParams, ValidationErrorOut
from hardtech.review import finals, permissions, pool, services
from hardtech.review.conflicts.api import refusals
from hardtech.review.conflicts.api import router as conflicts_router
from hardtech.review.models import Assignment, Comparison, Finals, Invitation, Round, RoundItem, Score
from hardtech.review.schemas import (
    AnswerIn,
    AssignedOut,
    ComparisonIn,
    ComparisonOut,
    FinalsIn,
    FinalsOut,
    InviteIn,
    PledgeOut,
    ResultsOut,
    ReviewerProfileIn,
    ReviewerProfileOut,
    ReviewInvitationOut,
    RoundDetail,
    RoundPage,
    ScoreIn,
    ScoreOut,
)

router = Router(tags=["专家评审"])
router.add_router("/conflicts", conflicts_router)


# Review rounds: /api/review/rounds ------------------------------------------------------------------------
ROUND_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


def _visible_rounds(user):
    if permissions.can_manage(user):
        return Round.objects.all()
    return Round.objects.filter(
        Q(items__assignments__expert__user=user, items__assignments__declined=False) | Q(chair=user)
    ).distinct()


def _round(request: HttpRequest, round_id: int) -> Round:
    """The round if the caller runs it or reviews in it; otherwise 404."""
    round_ = _visible_rounds(caller(request)).filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


def _round_out(r: Round) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "state": r.state,
        "state_label": r.get_state_display(),
        "reviewers_per_item": r.reviewers_per_item,
        "max_load": r.max_load,
        "deadline": r.deadline,
        "anonymity": r.anonymity,
    }


def _assignment_out(a: Assignment) -> dict:
    return {
        "id": a.pk,
        "item": a.item_id,
        "expert": a.expert_id,
        "expert_name": a.expert.name,
        "source": a.source,
        "affinity": a.affinity,
        "declined": a.declined,
        "declined_reason": a.declined_reason,
    }


@router.get("/rounds", auth=token_auth, response={200: RoundPage, 401: ErrorOut}, summary="评审轮次列表")
def list_rounds(request: HttpRequest, page: Query[PageParams]) -> dict:
    result = paginate(_visible_rounds(caller(request)).order_by("-created_at", "-id"), page)
    return {**result, "items": [_round_out(r) for r in result["items"]]}


@router.get(
    "/rounds/{round_id}", auth=token_auth, response={200: RoundDetail, **ROUND_ERRORS}, summary="评审轮次详情"
)
def round_detail(request: HttpRequest, round_id: Id) -> dict:
    user = caller(request)
    round_ = _round(request, round_id)
    assignments = Assignment.objects.filter(item__round=round_).select_related("expert")
    if not permissions.can_manage(user):  # anonymity: an expert sees only their own assignments
        assignments = assignments.filter(expert__user=user)
    return {
        **_round_out(round_),
        "description": round_.description,
        "criteria": [
            {
                "id": c.pk,
                "name": c.name,
                "weight": float(c.weight),
                "scale_min": c.scale_min,
                "scale_max": c.scale_max,
                "anchors": c.anchors,
            }
            for c in round_.criteria.all()
        ],
        "items": [
            {"id": i.pk, "kind": i.content_type.model, "object_id": i.object_id, "title": str(i)}
            for i in round_.items.select_related("content_type")
        ],
        "assignments": [_assignment_out(a) for a in assignments],
    }


@router.post(
    "/rounds/{round_id}/assign",
    auth=token_auth,
    response={200: AssignedOut, **ROUND_ERRORS},
    summary="运行分配引擎",
)
def assign(request: HttpRequest, round_id: Id) -> dict:
    user = caller(request)
    round_ = _round(request, round_id)
    forbid_unless(permissions.can_manage(user, round_), "只有管委会可以分配评审专家")
    with refusals():
        created = services.run_assignment(user, round_)
    return {"created": [_assignment_out(a) for a in created]}


@router.post(
    "/rounds/{round_id}/pledge",
    auth=token_auth,
    response={200: PledgeOut, **ROUND_ERRORS},
    summary="签署保密承诺",
)
def pledge(request: HttpRequest, round_id: Id) -> dict:
    """An expert of the round accepts its confidentiality pledge (保密承诺) before scoring; again is harmless."""
    round_ = _round(request, round_id)
    with refusals():
        accepted = services.accept_pledge(caller(request), round_)
    return {"round": round_.pk, "accepted_at": accepted.accepted_at}


def _score_out(s: Score, label: dict[int, str]) -> dict:
    a = s.assignment
    return {
        "assignment": a.pk,
        "expert_name": label[a.expert_id],
        "item": a.item_id,
        "values": s.values,
        "recommendation": s.recommendation,
        "comment": s.comment,
        "submitted": s.submitted,
        "saved_at": s.saved_at,
    }


@router.get(
    "/rounds/{round_id}/scores",
    auth=token_auth,
    response={200: list[ScoreOut], **ROUND_ERRORS},
    summary="评分",
)
def list_scores(request: HttpRequest, round_id: Id) -> list[dict]:
    """The chair reads every reviewer's scores (names only in a 实名 round, and always for 管委会); an expert
    reads their own, and the others' of an item without names once their own is submitted."""
    user = caller(request)
    round_ = _round(request, round_id)
    scores = Score.objects.filter(assignment__item__round=round_, assignment__declined=False).select_related(
        "assignment__expert"
    )
    label = services.reviewer_labels(round_, names=permissions.sees_reviewer_names(user, round_))
    if permissions.can_chair(user, round_):
        return [_score_out(s, label) for s in scores.order_by("assignment_id")]
    own = list(scores.filter(assignment__expert__user=user).order_by("assignment_id"))
    anonymous = services.reviewer_labels(round_, names=False)
    peers = [p for s in own for p in services.peer_scores(user, s.assignment)]
    return [_score_out(s, {s.assignment.expert_id: s.assignment.expert.name}) for s in own] + [
        _score_out(p, anonymous) for p in peers
    ]


@router.put(
    "/rounds/{round_id}/scores",
    auth=token_auth,
    response={200: ScoreOut, **ROUND_ERRORS},
    summary="保存或提交评分",
)
def save_score(request: HttpRequest, round_id: Id, payload: ScoreIn) -> dict:
    user = caller(request)
    round_ = _round(request, round_id)
    assignment = get_object_or_404(
        Assignment.objects.select_related("item__round", "expert"), pk=payload.assignment, item__round=round_
    )
    with refusals():
        score = services.save_score(
            user, assignment, payload.values, payload.recommendation or "", payload.comment, payload.submit
        )
    return _score_out(score, {assignment.expert_id: assignment.expert.name})


@router.get(
    "/rounds/{round_id}/results",
    auth=token_auth,
    response={200: ResultsOut, **ROUND_ERRORS},
    summary="校准排名",
)
def results(request: HttpRequest, round_id: Id) -> dict:
    round_ = _round(request, round_id)
    user = caller(request)
    forbid_unless(permissions.can_chair(user, round_), "只有评审主持人可以查看评审结果")
    found = services.results(round_, names=permissions.sees_reviewer_names(user, round_))
    return {
        "calibrated": found.calibrated,
        "note": found.note,
        "items": [
            {
                "item": r.item.pk,
                "title": str(r.item),
                "rank": r.rank,
                "quality": r.quality,
                "se": r.se,
                "raw_mean": r.raw_mean,
                "raw_rank": r.raw_rank,
                "spread": r.spread,
                "disagreement": r.disagreement,
                "before_finals": r.before_finals,
            }
            for r in found.items
        ],
        "judges": found.judges,
        "outliers": found.outliers,
    }


# Finals (决赛): /api/review/rounds/{id}/finals ------------------------------------------------------------


def _finals(request: HttpRequest, round_id: int) -> Finals:
    """The round's finals if the caller chairs it or judges in it; otherwise 404."""
    found = Finals.objects.filter(round=_round(request, round_id)).first()
    if found is None or not permissions.sees_finals(caller(request), found):
        raise Http404
    return found


def _comparison_out(c: Comparison, label: dict[int, str]) -> dict:
    return {"judge": label[c.judge_id], "item_a": c.item_a_id, "item_b": c.item_b_id, "winner": c.winner_id}


def _finals_out(user, f: Finals) -> dict:
    round_ = f.round
    label = services.reviewer_labels(round_, names=permissions.sees_reviewer_names(user, round_))
    comparisons = f.comparisons.all()
    if not permissions.can_chair(user, round_):
        comparisons = comparisons.filter(judge__user=user)
        label = {j.pk: j.name for j in f.judges.filter(user=user)}
    return {
        "round": round_.pk,
        "size": f.size,
        "finalists": [
            {"item": x.item_id, "title": str(x.item), "seed": x.seed}
            for x in f.finalists.select_related("item")
        ],
        "judges": [label.get(pk, "") for pk in f.judges.order_by("pk").values_list("pk", flat=True)],
        "comparisons": [_comparison_out(c, label) for c in comparisons],
        "pairs": [
            {"item_a": a.pk, "item_b": b.pk, "winner": c.winner_id if c else None}
            for a, b, c in finals.pairs_for(user, f)
        ],
    }


@router.get(
    "/rounds/{round_id}/finals", auth=token_auth, response={200: FinalsOut, **ROUND_ERRORS}, summary="决赛"
)
def get_finals(request: HttpRequest, round_id: Id) -> dict:
    return _finals_out(caller(request), _finals(request, round_id))


@router.post(
    "/rounds/{round_id}/finals",
    auth=token_auth,
    response={200: FinalsOut, **ROUND_ERRORS},
    summary="开启决赛",
)
def open_finals(request: HttpRequest, round_id: Id, payload: FinalsIn) -> dict:
    """The operator opens the finals over the top `size` items of the calibrated ranking."""
    user = caller(request)
    round_ = _round(request, round_id)
    forbid_unless(permissions.can_manage(user, round_), "只有管委会可以开启决赛")
    judges = None
    if payload.judges is not None:
        judges = list(Expert.objects.filter(pk__in=payload.judges))
        if len(judges) != len(set(payload.judges)):
            raise ValidationError({"judges": "决赛评委中有不存在的专家"})
    with refusals():
        opened = finals.open_finals(user, round_, payload.size, judges)
    return _finals_out(user, opened)


@router.post(
    "/rounds/{round_id}/finals/comparisons",
    auth=token_auth,
    response={200: ComparisonOut, **ROUND_ERRORS},
    summary="记录两两比较",
)
def compare(request: HttpRequest, round_id: Id, payload: ComparisonIn) -> dict:
    """A finals judge says which of two finalists is better (again on the same pair replaces the choice)."""
    user = caller(request)
    f = _finals(request, round_id)
    wanted = {payload.first, payload.second, payload.winner}
    found = RoundItem.objects.filter(round_id=f.round_id).in_bulk(wanted)
    if wanted - found.keys():
        raise Http404
    with refusals():
        c = finals.compare(user, f, found[payload.first], found[payload.second], found[payload.winner])
    return _comparison_out(c, {c.judge_id: c.judge.name})


# Expert pool: /api/review/experts/{id}/profile, /api/review/rounds/{id}/invitations, /api/review/invitations


def _profile_out(expert: Expert) -> dict:
    profile = pool.profile_of(expert)
    return {
        "expert": expert.pk,
        "name": expert.name,
        "fields": expert.fields or [],
        "keywords": expert.keywords or [],
        "works": [a.title for a in expert.achievements.all()[:10]],
        "available": profile.available,
        "availability_note": profile.availability_note,
        "max_load_per_round": profile.max_load_per_round,
    }


def _profile_target(request: HttpRequest, expert_id: int) -> Expert:
    expert = get_object_or_404(Expert, pk=expert_id)
    forbid_unless(permissions.can_edit_profile(caller(request), expert), "只能查看和修改自己的评审档案")
    return expert


@router.get(
    "/experts/{expert_id}/profile",
    auth=token_auth,
    response={200: ReviewerProfileOut, **ROUND_ERRORS},
    summary="专家评审档案",
)
def get_profile(request: HttpRequest, expert_id: Id) -> dict:
    return _profile_out(_profile_target(request, expert_id))


@router.put(
    "/experts/{expert_id}/profile",
    auth=token_auth,
    response={200: ReviewerProfileOut, **ROUND_ERRORS},
    summary="修改专家评审档案",
)
def put_profile(request: HttpRequest, expert_id: Id, payload: ReviewerProfileIn) -> dict:
    """The expert themself or 管委会: availability and the load per round."""
    expert = _profile_target(request, expert_id)
    with refusals():
        pool.update_profile(caller(request), expert, **payload.dict())
    return _profile_out(expert)


def _invitation_out(i: Invitation) -> dict:
    return {
        "id": i.pk,
        "round": i.round_id,
        "round_title": i.round.title,
        "expert": i.expert_id,
        "expert_name": i.expert.name,
        "state": i.state,
        "reason": i.reason,
        "responded_at": i.responded_at,
    }


@router.get(
    "/rounds/{round_id}/invitations",
    auth=token_auth,
    response={200: list[ReviewInvitationOut], **ROUND_ERRORS},
    summary="评审轮次的邀请",
)
def list_invitations(request: HttpRequest, round_id: Id) -> list[dict]:
    """管委会 sees who accepted, who declined (with the reason) and who has not answered."""
    round_ = _round(request, round_id)
    forbid_unless(permissions.can_manage(caller(request), round_), "只有管委会可以查看评审邀请")
    return [_invitation_out(i) for i in round_.invitations.select_related("round", "expert")]


@router.post(
    "/rounds/{round_id}/invitations",
    auth=token_auth,
    response={200: list[ReviewInvitationOut], **ROUND_ERRORS},
    summary="邀请专家",
)
def invite(request: HttpRequest, round_id: Id, payload: InviteIn) -> list[dict]:
    """Invite experts (with an account) to the round; returns the new invitations (again is harmless)."""
    user = caller(request)
    round_ = _round(request, round_id)
    forbid_unless(permissions.can_manage(user, round_), "只有管委会可以邀请评审专家")
    experts = list(Expert.objects.filter(pk__in=payload.experts))
    if len(experts) != len(set(payload.experts)):
        raise Http404
    with refusals():
        created = pool.invite(user, round_, experts)
    return [_invitation_out(i) for i in created]


@router.get(
    "/invitations",
    auth=token_auth,
    response={200: list[ReviewInvitationOut], 401: ErrorOut},
    summary="我的评审邀请",
)
def my_invitations(request: HttpRequest) -> list[dict]:
    mine = Invitation.objects.filter(expert__user=caller(request)).select_related("round", "expert")
    return [_invitation_out(i) for i in mine.order_by("-id")[:200]]


@router.post(
    "/invitations/{invitation_id}/answer",
    auth=token_auth,
    response={200: ReviewInvitationOut, **ROUND_ERRORS},
    summary="接受或谢绝评审邀请",
)
def answer(request: HttpRequest, invitation_id: Id, payload: AnswerIn) -> dict:
    """The invited expert accepts, or declines with a reason; others get 404."""
    user = caller(request)
    invitation = get_object_or_404(
        Invitation.objects.select_related("round", "expert"), pk=invitation_id, expert__user=user
    )
    with refusals():
        answered = pool.respond(user, invitation, accept=payload.accept, reason=payload.reason)
    return _invitation_out(answered)
