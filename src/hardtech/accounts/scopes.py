"""The registry of scoped roles: each domain declares, in its permission table, the roles that can be granted on
one of its objects (organisation.admin on an organisation, profile.reader on an enterprise's 一企一档, later
review.reviewer, deal.manager, competition.judge …). Grants (hardtech.accounts.grants) name a declared role."""

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class ScopedRole:
    code: str
    label: str
    model: str  # "app_label.ModelName" of the objects it is granted on
    # Whether an organisation's admin may grant it to others on its own organisation (e.g. profile.reader);
    # the others are granted by the operator or by their own workflow (invitations, hand-over).
    org_admin_grants: bool = False

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_REGISTRY: dict[str, ScopedRole] = {}


def declare(code: str, label: str, model: str, *, org_admin_grants: bool = False) -> str:
    """Declare a scoped role (at import of the domain's permission table); returns its code."""
    role = ScopedRole(code, label, model, org_admin_grants)
    if _REGISTRY.setdefault(code, role) != role:
        raise ValueError(f"scoped role {code!r} declared twice, differently")
    return code


def get(code: str) -> ScopedRole:
    """The declared role; KeyError for a code nobody declared."""
    return _REGISTRY[code]


def label(code: str) -> str:
    role = _REGISTRY.get(code)
    return role.label if role else code


def declared(model: type[models.Model] | None = None) -> list[ScopedRole]:
    """Every declared role (or those granted on this model), in declaration order."""
    return [r for r in _REGISTRY.values() if model is None or r.model_class is model]


ORGANISATION_ADMIN = declare("organisation.admin", "机构管理员", "catalogue.Organisation")
ORGANISATION_MEMBER = declare("organisation.member", "机构成员", "catalogue.Organisation")
