"""Answers that Django or ninja give before an API view runs are JSON too: an unknown path under /api/ (404)
and a method a path does not take (405), in the documented `{"detail": "..."}` shape."""

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

MESSAGES = {404: "未找到", 405: "不支持该请求方法"}


def json_errors(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in MESSAGES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            body = json.dumps({"detail": MESSAGES[response.status_code]}, ensure_ascii=False)
            response.content = body.encode()
            response["Content-Type"] = "application/json; charset=utf-8"
        return response

    return middleware
