from django.contrib import admin
from django.urls import include, path

from hardtech.api import api
from hardtech.domains import DOMAINS

admin.site.site_header = "硬科技创新服务平台 · 管理后台"
admin.site.site_title = "硬科技创新服务平台"

handler403 = "hardtech.web.views.errors.forbidden"
handler404 = "hardtech.web.views.errors.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("hardtech.core.health")),  # /healthz, /readyz
    *[path(domain.url_prefix, include(domain.urls)) for domain in DOMAINS if domain.urls],
    # The site shell (home, sign-in) last: the catalogue's pages share its root.
    path("", include("hardtech.web.urls")),
]
