from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "hardtech.policies"
    verbose_name = "政策兑现"

    def ready(self) -> None:
        from hardtech.audit import recorder
        from hardtech.policies import (
            models,
            notifications,  # noqa: F401 — declares the policy.result event kind
        )

        recorder.connect(
            models.ApplicantProfile,
            models.YearFigures,
            models.Recognition,
            models.TechContract,
            models.Investment,
            models.PriorAward,
        )
