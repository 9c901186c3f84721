"""/api/tokens and /api/me: get an API token with a username and password (no CLI needed), list and revoke."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from hardtech.accounts.models import ApiToken
from hardtech.accounts.schemas import MeOut, NewTokenOut, TokenOut, TokenRequest
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller
from hardtech.core.api.schemas import ErrorOut

router = Router(tags=["令牌与账号"])


# Password guessing is limited per client address, and per user name + address by the login lockout (a 429
# saying when to retry, see accounts.lockout); signed-in calls are not throttled.
@router.post(
    "/tokens",
    auth=None,
    throttle=[AnonRateThrottle("10/m")],
    response={201: NewTokenOut, 401: ErrorOut, 429: ErrorOut},
    summary="用用户名和密码换取 API 令牌",
)
def create_token(request: HttpRequest, payload: TokenRequest):
    """The key is returned once and only its hash is stored: keep it safe, or revoke it and get a new one.
    It expires after `days` days (by default, and at most, the platform's setting)."""
    if payload.days is not None and payload.days > settings.HARDTECH_TOKEN_DAYS:
        raise ValidationError({"days": f"有效期最长 {settings.HARDTECH_TOKEN_DAYS} 天"})
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise HttpError(401, "用户名或密码错误")
    with transaction.atomic():
        token, key = ApiToken.issue(user, payload.name, payload.days)
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "key": key})


@router.get("/tokens", auth=token_auth, response={200: list[TokenOut], 401: ErrorOut}, summary="我的令牌")
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=caller(request)).order_by("-created_at"))


@router.delete(
    "/tokens/{token_id}",
    auth=token_auth,
    response={204: None, 401: ErrorOut, 404: ErrorOut},
    summary="吊销令牌",
)
def revoke_token(request: HttpRequest, token_id: int):
    deleted, _ = ApiToken.objects.filter(user=caller(request), pk=token_id).delete()
    if not deleted:
        raise Http404
    return Status(204, None)


@router.get("/me", auth=token_auth, response={200: MeOut, 401: ErrorOut}, summary="当前用户")
def me(request: HttpRequest):
    return caller(request)
