from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "hardtech.policies"
    verbose_name = "政策兑现"

    def ready(self) -> None:
        from hardtech.policies import notifications  # noqa: F401 — declares the policy.result event kind
