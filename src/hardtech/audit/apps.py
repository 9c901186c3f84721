from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail's mechanism; each domain app registers its own models in its AppConfig.ready()."""

    name = "hardtech.audit"
    verbose_name = "审计"
