"""The REST API under /api/ (django-ninja), with its OpenAPI document at /api/openapi.json and docs at /api/docs."""

from hardtech.api.root import api

__all__ = ["api"]
