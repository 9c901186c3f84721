from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "hardtech.messaging"
    verbose_name = "留言"

    def ready(self) -> None:
        from django.apps import apps

        from hardtech.audit import recorder
        from hardtech.messaging import services  # noqa: F401 — declares the message.received event kind

        # Who opened, joined and wrote what, and which files came with it. Read receipts are written with
        # update() and stay out of the trail (every page view would be a change).
        recorder.connect(
            *(
                apps.get_model("messaging", name)
                for name in ("Thread", "Participant", "Message", "MessageAttachment")
            )
        )
