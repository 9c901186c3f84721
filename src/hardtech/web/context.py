from django.http import HttpRequest

from hardtech.catalogue import permissions


def site(request: HttpRequest) -> dict:
    user = request.user
    return {
        "site_name": "硬科技创新服务平台",
        "can_review": permissions.can_review(user),
        "can_bulk": permissions.can_bulk(user),
    }
