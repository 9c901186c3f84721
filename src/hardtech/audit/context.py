"""Who is acting right now, for the audit trail (set by the middleware, or by a CLI command)."""

from contextlib import contextmanager
from contextvars import ContextVar

current_actor: ContextVar = ContextVar("current_actor", default=None)
current_channel: ContextVar[str] = ContextVar("current_channel", default="system")


@contextmanager
def acting_as(user, channel: str):
    user_token, channel_token = current_actor.set(user), current_channel.set(channel)
    try:
        yield
    finally:
        current_actor.reset(user_token)
        current_channel.reset(channel_token)
