from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hardtech.notifications"
    verbose_name = "站内信"

    def ready(self) -> None:
        from django.apps import apps

        from hardtech.audit import recorder
        from hardtech.notifications import kinds  # noqa: F401 — the kinds declared here are registered now

        # Users' choices are audited; notifications themselves are system-written and only ever marked read.
        recorder.connect(apps.get_model("notifications.DeliveryPreference"))
