from django.contrib import admin
from django.urls import include, path

from hardtech.api import api

api.add_router("/policy/", "hardtech.policies.api.router")
api.add_router("/match/", "hardtech.matching.api.router")
api.add_router("/notifications", "hardtech.notifications.api.router")
api.add_router("/threads", "hardtech.messaging.api.router")

admin.site.site_header = "硬科技创新服务平台 · 管理后台"
admin.site.site_title = "硬科技创新服务平台"

handler403 = "hardtech.web.views.errors.forbidden"
handler404 = "hardtech.web.views.errors.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("policy/", include("hardtech.policies.urls")),
    path("inbox/", include("hardtech.notifications.urls")),
    path("messages/", include("hardtech.messaging.urls")),
    path("account/", include("hardtech.accounts.urls")),
    path("bulk/", include("hardtech.spreadsheets.urls")),
    path("", include("hardtech.web.urls")),
]
