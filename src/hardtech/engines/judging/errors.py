"""Errors raised by the ranking engine."""


class InstanceError(ValueError):
    """The instance cannot be ranked as given: the message (Chinese) names the row, the id and the problem."""
