from django.apps import AppConfig


class GrantsConfig(AppConfig):
    """政策兑现: support-fund calls, applications, 免申即享 offers, formal check, expert review, public notice with
    objections, and the payments ledger (申报 → 审核 → 评审 → 公示 → 拨付)."""

    name = "hardtech.grants"
    verbose_name = "政策兑现"

    def ready(self) -> None:
        from hardtech.audit import recorder
        from hardtech.grants import notifications, review_items  # noqa: F401  (event kinds; review adapter)
        from hardtech.grants.models import (
            Application,
            ApplicationDocument,
            ApplicationItem,
            Call,
            CallArticle,
            JournalEntry,
            Notice,
            Objection,
            PaymentBatch,
            PaymentLine,
            RequiredDocument,
        )

        # Every write of a call, an application, a decision, a notice, an objection, a ledger entry and a
        # payment is in the trail.
        recorder.connect(
            Call,
            CallArticle,
            RequiredDocument,
            Application,
            ApplicationItem,
            ApplicationDocument,
            Notice,
            Objection,
            JournalEntry,
            PaymentBatch,
            PaymentLine,
        )
