"""Error responses: Django validation errors as ninja-shaped 422s, Chinese messages for 401/404."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

# ninja reports body errors at ["body", <parameter name>, <field>]; every write endpoint names its body
# parameter `payload`, so model errors use the same prefix and clients can treat both alike.
BODY_LOC = ["body", "payload"]


def validation_items(exc: DjangoValidationError) -> list[dict]:
    if not hasattr(exc, "error_dict"):
        return [
            {"loc": BODY_LOC, "msg": msg, "type": e.code or "invalid"}
            for e in exc.error_list
            for msg in e.messages
        ]
    items = []
    for field, errors in exc.error_dict.items():
        loc = BODY_LOC if field == NON_FIELD_ERRORS else [*BODY_LOC, field]
        for error in errors:
            items.extend({"loc": loc, "msg": msg, "type": error.code or "invalid"} for msg in error.messages)
    return items


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DjangoValidationError)
    def model_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": validation_items(exc)}, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = api.create_response(
            request, {"detail": "需要有效的 API 令牌（Authorization: Bearer <key>）"}, status=401
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": "未找到"}, status=404)

    @api.exception_handler(ProtectedError)
    def protected(request: HttpRequest, exc: ProtectedError) -> HttpResponse:
        return api.create_response(request, {"detail": "仍有关联记录引用它，不能删除"}, status=409)
