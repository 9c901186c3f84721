"""The NinjaAPI instance: routers, authentication errors, offline docs."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from . import achievements, demands, docs, errors, experts, invitations, organisations, tokens


class Utf8JSONRenderer(JSONRenderer):
    # Chinese text stays readable in responses (and a third smaller) instead of \uXXXX escapes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="硬科技创新服务平台 API",
    version="1",
    description=(
        "认证：`Authorization: Bearer <key>`；令牌用 POST /api/tokens（用户名+密码）获取，只显示一次。"
        "网站自身的页面脚本可凭登录会话调用只读（GET）接口。金额单位为万元，以字符串传输。"
    ),
    urls_namespace="api",
    docs=docs.OfflineSwagger(),
    renderer=Utf8JSONRenderer(),
)
errors.install(api)
api.add_router("", tokens.router)
api.add_router("", docs.router)
api.add_router("/organisations", organisations.router)
api.add_router("/achievements", achievements.router)
api.add_router("/demands", demands.router)
api.add_router("/experts", experts.router)
api.add_router("/invitations", invitations.router)
