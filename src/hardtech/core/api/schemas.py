"""Request and response pieces every domain's API shares: bounded ids and texts, choice fields documented
with their values, pagination, and the two error shapes (errors.py).

Choice fields are plain strings documented with their allowed values (json_schema_extra) and checked by the
model's full_clean(), so a wrong value gets the same Chinese message as in the web forms. Money (万元) is
Decimal both ways; ninja's JSON encoder writes Decimal as a string, never a float.
"""

from typing import Annotated, Any

from django.db.models import BigIntegerField, TextChoices
from ninja import Field, Schema

from hardtech.core.search import MAX_QUERY_CHARS

# Every input is bounded, so that no request costs more than a page's worth of work: ids to the database's
# integer range (a larger number is a 422, never a database error), texts to their model field's length, long
# texts and lists to what a real record needs.
MAX_ID = BigIntegerField.MAX_BIGINT
MAX_TEXT = 20_000
MAX_ITEMS = 50
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def text(max_length: int, description: str | None = None) -> Any:
    return Field(None, max_length=max_length, description=description)


def search_box(description: str) -> Any:
    return Field(None, max_length=MAX_QUERY_CHARS, description=description)


def region_filter(description: str) -> Any:
    return Field(None, max_length=40, description=description)


def choice(choices: type[TextChoices], description: str, default: Any = ...) -> Any:
    # The enum sits beside the anyOf of an optional field, so it must itself admit the null.
    values = [*choices.values, None] if default is None else list(choices.values)
    longest = max(len(v) for v in choices.values)
    return Field(default, max_length=longest, description=description, json_schema_extra={"enum": values})


def choice_list(choices: type[TextChoices], description: str) -> Any:
    return Field(
        None,
        max_length=len(choices.values),
        description=description,
        json_schema_extra={"items": {"enum": list(choices.values)}},
    )


def version_field() -> Any:
    return Field(
        None,
        ge=1,
        le=MAX_ID,
        description="上次读取时的 version；记录此后已被他人修改则返回 409（也可用 If-Match 请求头）",
    )


def money(description: str) -> Any:
    return Field(None, description=f"{description}（万元，字符串或数字，两位小数）")


# --- references ---------------------------------------------------------------------------------------------


# A linked object by id and name, one class for every app (same-named classes overwrite each other in the
# OpenAPI document).
class Ref(Schema):
    id: int
    name: str


# --- pagination -------------------------------------------------------------------------------------------


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=100, description="每页条数（1–100）")
    offset: int = Field(0, ge=0, le=MAX_ID, description="跳过的条数")


class Page(Schema):
    count: int = Field(description="符合条件的总条数")
    limit: int
    offset: int


# --- errors -------------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class ValidationItem(Schema):
    loc: list[str | int] = Field(description='出错的位置，如 ["body", "payload", "title"]')
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """The 422 shape: one item per problem (errors.py)."""

    detail: list[ValidationItem]


# The answers besides 200 that the API's reads and writes document (one shape for every domain).
READ_ERRORS = {401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}
