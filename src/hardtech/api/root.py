"""The NinjaAPI instance: every domain's router (from hardtech.domains), strict JSON bodies, anonymous rate limits, error responses, offline docs."""

from typing import Any

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.params.models import BodyModel
from ninja.renderers import JSONRenderer

from hardtech.core.api import errors
from hardtech.core.api.parser import StrictJSONParser
from hardtech.core.api.schemas import ErrorOut, ValidationErrorOut
from hardtech.core.api.throttling import anonymous_limits
from hardtech.domains import DOMAINS

from . import docs


class Utf8JSONRenderer(JSONRenderer):
    # Chinese text stays readable in responses (and a third smaller) instead of \uXXXX escapes.
    json_dumps_params = {"ensure_ascii": False}


def _response(model: type[Schema]) -> type[Schema]:
    # The wrapper ninja itself puts around a declared response model, so the document refers to the model.
    return type("NinjaResponseSchema", (Schema,), {"__annotations__": {"response": model}})


class HardtechOpenAPISchema(OpenAPISchema):
    """Documents the errors every operation shares, which come from errors.py rather than from each view:
    400 for an unreadable JSON body, 422 for invalid input, 429 where anonymous callers are rate-limited."""

    ERROR = _response(ErrorOut)
    INVALID = _response(ValidationErrorOut)

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        shared = {}
        if any(issubclass(model, BodyModel) for model in operation.models):
            shared[400] = ("请求体不是有效的 JSON", self.ERROR)
        if operation.models:
            shared[422] = ("输入不合法（逐项说明）", self.INVALID)
        if operation.throttle_objects and _open_to_anonymous(operation):
            shared[429] = ("匿名调用过于频繁（见 Retry-After）", self.ERROR)
        for status, (description, model) in shared.items():
            schema = self._create_schema_from_model(model, mode="serialization")[0]
            result[status] = {
                "description": description,
                "content": {self.api.renderer.media_type: {"schema": schema}},
            }
        return result


def _open_to_anonymous(operation: Operation) -> bool:
    callbacks = operation.auth_callbacks
    return not callbacks or any(getattr(auth, "required", True) is False for auth in callbacks)


class HardtechAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return HardtechOpenAPISchema(api=self, path_prefix=path_prefix)


api = HardtechAPI(
    title="硬科技创新服务平台 API",
    version="1",
    description=(
        "认证：`Authorization: Bearer <key>`；令牌用 POST /api/tokens（用户名+密码）获取，只显示一次。"
        "网站自身的页面脚本可凭登录会话调用只读（GET）接口。金额单位为万元，以字符串传输。"
        "未登录的调用按来源地址限速（检索、匹配与政策测算更严），超出时返回 429 及 Retry-After。"
        '错误均为 JSON：422 为 `{"detail": [{loc, msg, type}, …]}`，其余为 `{"detail": "说明"}`。'
    ),
    urls_namespace="api",
    docs=docs.OfflineSwagger(),
    renderer=Utf8JSONRenderer(),
    parser=StrictJSONParser(),
    throttle=anonymous_limits(),
)
errors.install(api)
api.add_router("", docs.router)
for domain in DOMAINS:
    if domain.router:
        api.add_router(domain.api_prefix, domain.router)
