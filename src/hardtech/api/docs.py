"""Swagger UI served from ninja's own bundled assets, so /api/docs works without internet access.

ninja renders a CDN page unless "ninja" is in INSTALLED_APPS; rather than depend on that (and on collectstatic),
the API serves the handful of files itself and the page references only those URLs.
"""

import json
from pathlib import Path

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template import Context, Template
from django.urls import reverse
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSET_TYPES = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.svg": "image/svg+xml",
    "favicon.png": "image/png",
}

PAGE = Template("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link rel="stylesheet" href="{{ assets.css }}">
<link rel="icon" href="{{ assets.svg }}" type="image/svg+xml">
<link rel="icon" href="{{ assets.png }}" type="image/png">
</head>
<body data-csrf-token="" data-api-csrf="">
<script type="application/json" id="swagger-settings">{{ settings|safe }}</script>
<div id="swagger-ui"></div>
<script src="{{ assets.bundle }}"></script>
<script src="{{ assets.init }}"></script>
</body>
</html>
""")

router = Router(tags=["docs"])


@router.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs-asset")
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSET_TYPES:
        raise Http404(name)
    response = FileResponse((ASSET_DIR / name).open("rb"), content_type=ASSET_TYPES[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response


class OfflineSwagger(Swagger):
    # Swagger UI otherwise sends the spec to validator.swagger.io for its badge.
    default_settings = {**Swagger.default_settings, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}

        def asset(name: str) -> str:
            return reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": name})

        assets = {
            "css": asset("swagger-ui.css"),
            "svg": asset("favicon.svg"),
            "png": asset("favicon.png"),
            "bundle": asset("swagger-ui-bundle.js"),
            "init": asset("swagger-ui-init.js"),
        }
        # "</" cannot end the JSON <script> block early once escaped.
        blob = json.dumps(settings, ensure_ascii=False).replace("</", "<\\/")
        return HttpResponse(PAGE.render(Context({"title": api.title, "settings": blob, "assets": assets})))
