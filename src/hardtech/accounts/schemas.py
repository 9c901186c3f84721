"""Request and response shapes of /api/tokens and /api/me."""

from datetime import datetime

from ninja import Field, Schema

from hardtech.catalogue.schemas import OrganisationRef


class TokenRequest(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: str = Field("API", max_length=100, description="用途，便于日后识别")
    days: int | None = Field(
        None, ge=1, description="有效天数；默认且最长为平台设置的天数（HARDTECH_TOKEN_DAYS，默认 90）"
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime = Field(description="过期时间，过期后令牌不再可用")


class NewTokenOut(TokenOut):
    key: str = Field(description="令牌，只显示这一次")


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    organisation: OrganisationRef | None
