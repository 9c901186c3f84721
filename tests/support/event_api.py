"""Calls of /api/events in the events tests."""

from support.api_calls import api_of

call = api_of("/api/events")
