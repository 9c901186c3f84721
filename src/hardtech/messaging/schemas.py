"""Shapes of /api/threads. Parties appear by name, organisation and role only: never an account's phone or
e-mail."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from hardtech.core.api.schemas import Id, Page
from hardtech.messaging.models import BODY_MAX_LENGTH


class RecordOut(Schema):
    kind: str = Field(description="achievement 科技成果 | demand 技术需求 | deal 技术转移项目")
    id: int
    title: str
    url: str = Field(description="条目页面（站内路径）；条目已删除时为空")


class PartyOut(Schema):
    user_id: int
    name: str
    organisation: str
    role: str
    reason: str = Field(description="opener 发起人 | party 条目方 | joined 加入")
    last_read_at: datetime | None = Field(description="最后阅读时间（已读回执）")


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class MessageOut(Schema):
    id: int
    author_id: int | None
    author: str | None
    body: str
    created_at: datetime
    attachments: list[AttachmentOut]
    read_by: list[int] = Field(description="已读此留言的其他参与人（user_id）")
    receipt: str = Field(description="调用者自己的留言：已读 / n/m 人已读 / 未读；他人的留言为空")


class ThreadOut(Schema):
    id: int
    subject: str
    record: RecordOut
    created_at: datetime
    last_message_at: datetime
    unread: int = Field(description="调用者未读的他人留言数")


class ThreadPage(Page):
    items: list[ThreadOut]


class ThreadDetailOut(ThreadOut):
    participants: list[PartyOut]
    messages: list[MessageOut]


class ThreadCreate(Schema):
    record_kind: Literal["achievement", "demand", "deal"] = Field(
        description="achievement 科技成果 | demand 技术需求 | deal 技术转移项目（仅项目各方，每个项目一个对话）"
    )
    record_id: Id
    subject: str = Field("", max_length=200, description="不填则为“关于 + 条目名称”")
    body: str = Field(max_length=BODY_MAX_LENGTH, description="第一条留言")


class MessageCreate(Schema):
    body: str = Field(max_length=BODY_MAX_LENGTH)
