"""Error responses, always JSON and in two documented shapes, with Chinese messages:

- 422 (model and schema validation): `{"detail": [{"loc": [...], "msg": "...", "type": "..."}, ...]}`
  (schemas.ValidationErrorOut);
- every other error, 4xx or 500: `{"detail": "..."}` (schemas.ErrorOut).
"""

import logging
import math

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as SchemaValidationError

from .parser import BodyError

logger = logging.getLogger("hardtech.api")

# ninja reports body errors at ["body", <parameter name>, <field>]; every write endpoint names its body
# parameter `payload`, so model errors use the same prefix and clients can treat both alike.
BODY_LOC = ["body", "payload"]


# Chinese wording for the pydantic error types the API's schemas can raise; others keep pydantic's English.
SCHEMA_MESSAGES = {
    "missing": "此字段为必填项",
    "string_type": "应为字符串",
    "string_too_long": "最多 {max_length} 个字符",
    "string_too_short": "至少 {min_length} 个字符",
    "string_unicode": "含有无效的 Unicode 字符",
    "too_long": "最多 {max_length} 项",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "dict_type": "应为 JSON 对象",
    "enum": "取值应为 {expected} 之一",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "decimal_type": '应为数字（如 "12.50"）',
    "decimal_parsing": '应为数字（如 "12.50"）',
    "list_type": "应为列表",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "literal_error": "取值应为 {expected} 之一",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "model_attributes_type": "应为 JSON 对象",
}


def translated(item: dict) -> dict:
    template = SCHEMA_MESSAGES.get(item.get("type", ""))
    if template is None:
        return item
    return {**item, "msg": template.format(**item.get("ctx", {}))}


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
    @api.exception_handler(SchemaValidationError)
    def schema_invalid(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
        return api.create_response(request, {"detail": [translated(e) for e in exc.errors]}, status=422)

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

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        after = f"请 {math.ceil(exc.wait)} 秒后再试" if exc.wait else "请稍后再试"
        message = f"请求过于频繁，{after}；登录后使用 API 令牌不受此限制"
        return api.create_response(request, {"detail": message}, status=429)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        # ninja reports any failure to read a JSON body as one English 400; say what was wrong.
        if isinstance(exc.__cause__, BodyError):
            message = f"请求体无法解析：{exc.__cause__}"
        if exc.status_code == 422:  # keep the one 422 shape
            items = [{"loc": ["body"], "msg": message, "type": "invalid"}]
            return api.create_response(request, {"detail": items}, status=422)
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Never expected (every input is validated first), but if it happens the client still gets JSON.
        logger.error("API 内部错误：%s %s", request.method, request.path, exc_info=exc)
        return api.create_response(request, {"detail": "服务器内部错误，已记录，请稍后再试"}, status=500)
