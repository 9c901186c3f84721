"""Errors raised by the meeting schedule engine."""


class InstanceError(ValueError):
    """The instance (or a re-planning change) cannot be used: the message says where and what is wrong, in Chinese."""
