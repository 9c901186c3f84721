"""Errors raised by the assignment engine."""


class InstanceError(ValueError):
    """The instance cannot be read: the message says where (field, item number) and what is wrong, in Chinese."""
