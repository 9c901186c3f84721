"""Shapes of /api/notifications."""

from datetime import datetime

from ninja import Field, Schema

from hardtech.core.api.schemas import Page
from hardtech.notifications.kinds import Delivery

DELIVERY_VALUES = {"enum": list(Delivery.values)}


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="事件类型代码，如 listing.returned")
    kind_label: str = Field(description="事件类型名称")
    title: str
    body: str
    url: str = Field(description="对应条目的页面（站内路径）")
    record_type: str | None = Field(description="对应条目的类型（app_label.model），无则为 null")
    record_id: int | None
    actor: str | None = Field(description="触发人")
    created_at: datetime
    read_at: datetime | None = Field(description="阅读时间；未读为 null")

    @staticmethod
    def resolve_record_type(obj) -> str | None:
        return f"{obj.content_type.app_label}.{obj.content_type.model}" if obj.content_type_id else None

    @staticmethod
    def resolve_record_id(obj) -> int | None:
        return obj.object_id

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class NotificationPage(Page):
    unread: int = Field(description="未读总数")
    items: list[NotificationOut]


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="true 只列未读，false 只列已读；省略列出全部（未读在前）")


class MarkedOut(Schema):
    marked: int = Field(description="本次标记为已读的条数")


class PreferenceOut(Schema):
    kind: str
    label: str
    description: str
    delivery: str = Field(description="inbox 仅站内信；email 站内信 + 邮件；digest 站内信 + 每日摘要邮件")
    default: str = Field(description="未设置时的送达方式")


class PreferencesOut(Schema):
    email: str = Field(description="接收邮件的邮箱；为空时只在站内信中提醒")
    kinds: list[PreferenceOut]


class PreferenceIn(Schema):
    kind: str = Field(max_length=50)
    delivery: str = Field(json_schema_extra=DELIVERY_VALUES)


class PreferencesIn(Schema):
    email: str | None = Field(
        None, max_length=254, description="接收邮件的邮箱；省略则不变，空字符串表示删除"
    )
    kinds: list[PreferenceIn] = Field(default_factory=list, max_length=100, description="只改列出的事件类型")
