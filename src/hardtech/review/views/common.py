"""What the review pages share: a service refusal shown on the form that was sent (core.views)."""

from hardtech.core.views import refusal_on

__all__ = ["refusal_on"]
