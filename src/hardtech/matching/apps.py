"""智能匹配: the Django side of the matching engine (hardtech.engines.match)."""

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "hardtech.matching"
    verbose_name = "智能匹配"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from hardtech.matching import notifications, signals  # noqa: F401 — notifications declares match.found

        signals.connect()
