"""The API's JSON body parser: strict JSON, so that what it accepts can be stored and sent back."""

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja.parser import Parser


class BodyError(ValueError):
    """A request body the API cannot take; the message (Chinese) becomes the 400's detail (errors.py)."""


def _refuse_constant(name: str) -> Any:
    raise BodyError(f"JSON 中不能使用 {name}（应为有限的数字）")


def refuse_surrogates(data: Any) -> None:
    """json.loads decodes an escaped lone surrogate ("\\ud800") into a str that UTF-8 cannot encode: it would
    fail later, on saving or on answering (a 500). Walks iteratively, as bodies may nest deeply."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise BodyError("含有无效的 Unicode 字符（不成对的代理项，如 \\ud800）") from None
        elif isinstance(value, dict):
            stack.extend(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


class StrictJSONParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        try:
            data = json.loads(request.body, parse_constant=_refuse_constant)
        except RequestDataTooBig:
            raise BodyError("请求体过大") from None
        except RecursionError:
            raise BodyError("JSON 嵌套层数过多") from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise BodyError("请求体不是有效的 JSON（应为 UTF-8 编码）") from None
        refuse_surrogates(data)
        return data
