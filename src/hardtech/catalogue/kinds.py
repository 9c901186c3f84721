"""The catalogue's record kinds, registered once: every list of kinds (URLs, API routers, match indexes and
their API parameter, console commands, spreadsheet columns, navigation) is read from KINDS.

- `code` names a kind in URLs and the API (/achievements/, /api/achievements), on the console
  (hardtech import achievements …) and in the match indexes;
- `slug` names its pages: URL names (achievement_list, achievement_detail …) and templates
  (catalogue/achievement_detail.html);
- `code_lists` are its JSON fields that hold lists of choice codes (a model field cannot declare those
  choices): histories show their labels.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.db import models
from django.urls import reverse

from hardtech.catalogue.choices import TechField, TransferMode
from hardtech.catalogue.models import Achievement, Demand, Expert, Listing, Organisation


@dataclass(frozen=True, eq=False)  # one object per kind: compared and hashed by identity
class RecordKind:
    code: str
    model: type[models.Model]
    label: str  # in Chinese, as the navigation and the spreadsheets name it
    short_label: str  # where space is short (progress bars)
    slug: str
    matchable: bool  # has a match index (智能匹配)
    code_lists: Mapping[str, type[models.Choices]] = field(default_factory=dict)
    owner_field: str = ""  # the field that says whose record it is (an error names it when that is refused)

    @property
    def is_listing(self) -> bool:
        """Achievements and demands: published through the review workflow, so they have a status."""
        return issubclass(self.model, Listing)


ORGANISATIONS = RecordKind("organisations", Organisation, "机构", "机构", "organisation", matchable=False)
ACHIEVEMENTS = RecordKind(
    "achievements",
    Achievement,
    "科技成果",
    "成果",
    "achievement",
    matchable=True,
    code_lists={"transfer_modes": TransferMode},
    owner_field="organisations",
)
DEMANDS = RecordKind(
    "demands",
    Demand,
    "技术需求",
    "需求",
    "demand",
    matchable=True,
    code_lists={"cooperation_modes": TransferMode},
    owner_field="enterprise",
)
EXPERTS = RecordKind(
    "experts",
    Expert,
    "专家",
    "专家",
    "expert",
    matchable=True,
    code_lists={"fields": TechField},
    owner_field="organisation",
)

# In dependency order (an import reads organisations before the records that name them).
KINDS: dict[str, RecordKind] = {kind.code: kind for kind in (ORGANISATIONS, ACHIEVEMENTS, DEMANDS, EXPERTS)}
MATCHABLE: tuple[str, ...] = tuple(code for code, kind in KINDS.items() if kind.matchable)
# The same as a type, for API parameters and schemas (Literal flattens the tuple into its values).
MatchableCode = Literal[MATCHABLE]


def kind_of(record: models.Model | type[models.Model]) -> RecordKind:
    model = record if isinstance(record, type) else type(record)
    for kind in KINDS.values():
        if issubclass(model, kind.model):
            return kind
    raise LookupError(f"not a catalogue record: {model.__name__}")


def page_of(record: models.Model) -> str:
    """The record's page on the site (its detail view)."""
    return reverse(f"{kind_of(record).slug}_detail", args=[record.pk])
