from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hardtech.audit"
    verbose_name = "审计"

    def ready(self) -> None:
        from django.apps import apps

        from hardtech.audit import recorder

        names = [
            "catalogue.Organisation",
            "catalogue.Achievement",
            "catalogue.Demand",
            "catalogue.Expert",
            "catalogue.Attachment",
            "accounts.User",
            "policies.ApplicantProfile",
            "policies.YearFigures",
            "policies.Recognition",
            "policies.TechContract",
            "policies.Investment",
            "policies.PriorAward",
        ]
        recorder.connect(*(apps.get_model(n) for n in names))
