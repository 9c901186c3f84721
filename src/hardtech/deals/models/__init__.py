"""技术转移项目: deals, their team, checklists, stage history, activity, documents and feedback; and the
technology contracts they produce with the registrar's record (技术合同认定登记)."""

from .contracts import Contract, ContractCost, ContractRevision
from .deals import (
    Activity,
    ChecklistItem,
    Deal,
    DealMember,
    Document,
    DocumentVersion,
    Feedback,
    StageVisit,
    TeamRole,
)

__all__ = [
    "Activity",
    "ChecklistItem",
    "Contract",
    "ContractCost",
    "ContractRevision",
    "Deal",
    "DealMember",
    "Document",
    "DocumentVersion",
    "Feedback",
    "StageVisit",
    "TeamRole",
]
