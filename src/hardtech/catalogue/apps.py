from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "hardtech.catalogue"
    verbose_name = "科技资源库"

    def ready(self) -> None:
        from hardtech.audit import recorder
        from hardtech.catalogue import workflow  # noqa: F401 — declares the review's event kinds
        from hardtech.catalogue.kinds import KINDS
        from hardtech.catalogue.models import Attachment, OwnershipInvitation
        from hardtech.core.history import declare_code_lists

        recorder.connect(*(kind.model for kind in KINDS.values()), Attachment, OwnershipInvitation)
        # Histories show the labels of the codes in JSON list fields (转化方式, 合作方式, 技术领域).
        for kind in KINDS.values():
            declare_code_lists(kind.model, kind.code_lists)
