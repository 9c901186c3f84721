"""/api/notifications: the caller's 站内信 (paginated, unread first), marking read, delivery preferences."""

from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from hardtech.accounts.models import User
from hardtech.core.api.auth import token_auth
from hardtech.core.api.common import caller, paginate
from hardtech.core.api.schemas import ErrorOut, Id, PageParams
from hardtech.notifications import services
from hardtech.notifications.models import Notification
from hardtech.notifications.schemas import (
    MarkedOut,
    NotificationFilters,
    NotificationOut,
    NotificationPage,
    PreferenceOut,
    PreferencesIn,
    PreferencesOut,
)

router = Router(tags=["站内信"])


def _preferences(user: User, preferences: list[services.Preference]) -> dict:
    kinds = [
        PreferenceOut(
            kind=p.kind.code,
            label=p.kind.label,
            description=p.kind.description,
            delivery=p.delivery,
            default=p.kind.default,
        )
        for p in preferences
    ]
    return {"email": user.email, "kinds": kinds}


@router.get("", auth=token_auth, response={200: NotificationPage, 401: ErrorOut}, summary="我的站内信")
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilters], page: Query[PageParams]
) -> dict:
    user = caller(request)
    queryset = Notification.objects.filter(recipient=user).select_related("actor", "content_type")
    if filters.unread is not None:
        queryset = queryset.filter(read_at__isnull=filters.unread)
    unread_first = Case(When(read_at=None, then=Value(0)), default=Value(1), output_field=IntegerField())
    result = paginate(queryset.order_by(unread_first, "-created_at", "-id"), page)
    return {**result, "unread": services.unread(user).count()}


@router.post("/read-all", auth=token_auth, response={200: MarkedOut, 401: ErrorOut}, summary="全部标为已读")
def read_all(request: HttpRequest) -> dict:
    return {"marked": services.mark_all_read(caller(request))}


@router.post(
    "/{notification_id}/read",
    auth=token_auth,
    response={200: NotificationOut, 401: ErrorOut, 404: ErrorOut},
    summary="标为已读",
)
def read_one(request: HttpRequest, notification_id: Id) -> Notification:
    user = caller(request)
    notification = get_object_or_404(
        Notification.objects.select_related("actor", "content_type"), pk=notification_id, recipient=user
    )
    return services.mark_read(user, notification)


@router.get(
    "/preferences", auth=token_auth, response={200: PreferencesOut, 401: ErrorOut}, summary="通知设置"
)
def get_preferences(request: HttpRequest) -> dict:
    user = caller(request)
    return _preferences(user, services.preferences(user))


@router.put(
    "/preferences",
    auth=token_auth,
    response={200: PreferencesOut, 401: ErrorOut},
    summary="修改通知设置",
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> dict:
    user = caller(request)
    choices = {item.kind: item.delivery for item in payload.kinds}
    return _preferences(user, services.set_preferences(user, choices, email=payload.email))
