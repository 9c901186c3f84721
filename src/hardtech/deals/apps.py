from django.apps import AppConfig


class DealsConfig(AppConfig):
    """技术转移项目: the technology manager's pipeline from a match to a registered contract and a company on
    the ground, with the registrar's record of the contract (技术合同认定登记) and the brokers' performance."""

    name = "hardtech.deals"
    verbose_name = "技术转移项目"

    def ready(self) -> None:
        from hardtech.audit import recorder
        from hardtech.deals import contracts, services, workflow  # noqa: F401  (declare the deal.* event kinds)
        from hardtech.deals.models import (
            Activity,
            ChecklistItem,
            Contract,
            ContractCost,
            Deal,
            DealMember,
            Document,
            DocumentVersion,
            Feedback,
            TeamRole,
        )

        # Every stage change (with who and why), team change, checklist tick, activity, document version,
        # contract edit and registration is in the trail.
        recorder.connect(
            Deal,
            DealMember,
            ChecklistItem,
            Activity,
            Document,
            DocumentVersion,
            Feedback,
            TeamRole,
            Contract,
            ContractCost,
        )
        from hardtech.deals import messages  # the deal's thread (项目留言) in hardtech.messaging

        messages.register()
