"""Who may do what: one table shared by the web pages and the API.

Roles: operator 管委会 (everything), manager 技术经理人 (browses everything, curates listings), institution
高校/院所 (its own achievements), enterprise 企业 (its own demands and profile), expert 专家 (own profile),
public (anonymous: published listings, contact details hidden).
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from hardtech.accounts.models import Role, User
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation, OwnershipInvitation

AnyUser = User | AnonymousUser
Record = Organisation | Achievement | Demand | Expert

CREATORS: dict[type, set[str]] = {
    Organisation: {Role.OPERATOR},
    Achievement: {Role.OPERATOR, Role.MANAGER, Role.INSTITUTION},
    Demand: {Role.OPERATOR, Role.MANAGER, Role.ENTERPRISE},
    Expert: {Role.OPERATOR, Role.MANAGER, Role.INSTITUTION},
}


def role_of(user: AnyUser) -> str | None:
    if not user.is_authenticated:
        return None
    return Role.OPERATOR if user.is_superuser else user.role


def owns(user: AnyUser, obj: Record) -> bool:
    """Whether the record belongs to the user's organisation (or to the user, for an expert)."""
    if not user.is_authenticated:
        return False
    if isinstance(obj, Expert):
        if obj.user_id == user.pk:
            return True
        return (
            user.role == Role.INSTITUTION
            and user.organisation_id is not None
            and (obj.organisation_id in user.organisation.family_ids())
        )
    if user.organisation_id is None:
        return False
    if isinstance(obj, Achievement):
        return owns_organisations(user, [o.pk for o in obj.organisations.all()])
    if isinstance(obj, Demand):
        return user.role == Role.ENTERPRISE and obj.enterprise_id == user.organisation_id
    if isinstance(obj, Organisation):
        return obj.pk == user.organisation_id and user.role in (Role.ENTERPRISE, Role.INSTITUTION)
    return False


def owns_organisations(user: AnyUser, organisation_ids: Iterable[int]) -> bool:
    """Whether an achievement filed under these organisations belongs to the user's institution."""
    if not user.is_authenticated or user.role != Role.INSTITUTION or user.organisation_id is None:
        return False
    return not user.organisation.family_ids().isdisjoint(organisation_ids)


def can_create(user: AnyUser, model: type) -> bool:
    return role_of(user) in CREATORS[model]


def can_view(user: AnyUser, obj: Record) -> bool:
    if isinstance(obj, Organisation | Expert):
        return True
    if obj.status == ListingStatus.PUBLISHED:
        return True
    return role_of(user) in (Role.OPERATOR, Role.MANAGER) or owns(user, obj)


def can_edit(user: AnyUser, obj: Record) -> bool:
    role = role_of(user)
    if role == Role.OPERATOR:
        return True
    if role == Role.MANAGER:
        return not isinstance(obj, Organisation)
    return owns(user, obj)


# The fields the catalogue's forms and API write endpoints set. The others change elsewhere: the status and its
# dates through the review workflow, provenance (created_by, source, external_id, is_sample) through imports,
# an expert's account through the admin.
LISTING_FIELDS = {"title", "field", "subfield", "keywords", "contact_name", "contact_phone", "contact_email"}
EDITABLE_FIELDS: dict[type, frozenset[str]] = {
    Organisation: frozenset(
        {
            "name",
            "kind",
            "parent",
            "province",
            "city",
            "district",
            "credit_code",
            "moe_code",
            "industry_tags",
            "description",
            "website",
        }
    ),
    Achievement: frozenset(
        LISTING_FIELDS
        | {
            "organisations",
            "completers",
            "summary",
            "maturity",
            "tech_level",
            "patents",
            "transfer_modes",
            "price_min",
            "price_max",
            "completed_on",
        }
    ),
    Demand: frozenset(
        LISTING_FIELDS
        | {
            "enterprise",
            "problem",
            "indicators",
            "basis",
            "budget_min",
            "budget_max",
            "cooperation_modes",
            "valid_until",
            "province",
            "city",
            "district",
        }
    ),
    Expert: frozenset(
        {
            "name",
            "organisation",
            "title",
            "fields",
            "keywords",
            "bio",
            "achievements",
            "contact_phone",
            "contact_email",
        }
    ),
}

# Fields that say who a record is or whom it belongs to, and so what the support policy pays and who may edit
# it: only these roles set them. Everyone who may edit a record sets its other editable fields.
# An achievement's organisations are not here: its owners add their own organisations and invite others
# (catalogue.services), the curators set them directly.
RESERVED_FIELDS: dict[type, dict[str, frozenset[str]]] = {
    Organisation: {
        "name": frozenset({Role.OPERATOR}),
        "kind": frozenset({Role.OPERATOR}),
        "parent": frozenset({Role.OPERATOR}),
    },
    Demand: {"enterprise": frozenset({Role.OPERATOR, Role.MANAGER})},
    Expert: {"organisation": frozenset({Role.OPERATOR, Role.MANAGER, Role.INSTITUTION})},
}


def editable_fields(user: AnyUser, obj_or_model: Record | type) -> set[str]:
    """The fields the user may set on this record (or, given a model, on a new record of it): the one rule for
    the web forms and the API."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    allowed = can_create(user, model) if obj_or_model is model else can_edit(user, obj_or_model)
    if not allowed:
        return set()
    role = role_of(user)
    reserved = RESERVED_FIELDS.get(model, {})
    return {name for name in EDITABLE_FIELDS[model] if name not in reserved or role in reserved[name]}


def sets_organisations_directly(user: AnyUser) -> bool:
    """Curators file an achievement under any organisation; an owner adds its own organisation family and
    invites the others, which become co-owners only when they accept."""
    return role_of(user) in (Role.OPERATOR, Role.MANAGER)


def can_respond(user: AnyUser, invitation: OwnershipInvitation) -> bool:
    """A co-ownership invitation is accepted or declined by the users of the invited organisation (or of the
    organisation above it, which owns what its labs own)."""
    if not user.is_authenticated or user.organisation_id is None:
        return False
    return invitation.organisation_id in user.organisation.family_ids()


def may_save(user: AnyUser, obj: Record, organisations: Iterable[int] | None = None) -> bool:
    """Whether the user may save the record as it is about to be (an achievement: under `organisations`).
    Checked before writing, so that nobody creates a record for, or moves one into, another organisation's
    hands."""
    if isinstance(obj, Achievement) and organisations is not None:
        return sets_organisations_directly(user) or owns_organisations(user, organisations)
    return can_edit(user, obj)


def edit_requires_review(user: AnyUser, obj: Record) -> bool:
    """An owner's edit of a published listing sends it back to the review queue; curators' edits do not."""
    return (
        isinstance(obj, Achievement | Demand)
        and obj.status == ListingStatus.PUBLISHED
        and role_of(user) not in (Role.OPERATOR, Role.MANAGER)
    )


def can_delete(user: AnyUser, obj: Record) -> bool:
    """Operators delete anything; owners delete their own listings while they are unpublished drafts."""
    if role_of(user) == Role.OPERATOR:
        return True
    if isinstance(obj, Achievement | Demand):
        return owns(user, obj) and obj.status in (ListingStatus.DRAFT, ListingStatus.REJECTED)
    return False


def can_submit(user: AnyUser, obj: Achievement | Demand) -> bool:
    return can_edit(user, obj)


def can_review(user: AnyUser) -> bool:
    """Approve or reject pending listings: the operator only."""
    return role_of(user) == Role.OPERATOR


def can_withdraw(user: AnyUser, obj: Achievement | Demand) -> bool:
    return can_edit(user, obj)


def can_see_contact(user: AnyUser) -> bool:
    return user.is_authenticated


def can_bulk(user: AnyUser) -> bool:
    """Import and export in bulk: the operator."""
    return role_of(user) == Role.OPERATOR


def owned_listings(user: AnyUser, queryset):
    """The listings of the user's organisation (an institution's achievements, an enterprise's demands),
    plus what the user created; for operators and managers only what they created."""
    if not user.is_authenticated:
        return queryset.none()
    created = Q(created_by=user)
    role = role_of(user)
    if user.organisation_id is None or role not in (Role.INSTITUTION, Role.ENTERPRISE):
        return queryset.filter(created)
    if queryset.model is Achievement and role == Role.INSTITUTION:
        owned = Achievement.objects.filter(organisations__in=user.organisation.family_ids())
        return queryset.filter(created | Q(pk__in=owned.values("pk")))
    if queryset.model is Demand and role == Role.ENTERPRISE:
        return queryset.filter(created | Q(enterprise_id=user.organisation_id))
    return queryset.filter(created)


def visible_listings(user: AnyUser, queryset):
    """Published listings for everyone, plus the user's own (or all, for operators and managers)."""
    role = role_of(user)
    if role in (Role.OPERATOR, Role.MANAGER):
        return queryset
    published = Q(status=ListingStatus.PUBLISHED)
    if role is None or user.organisation_id is None:
        return queryset.filter(published)
    model = queryset.model
    if model is Achievement and role == Role.INSTITUTION:
        owned = Achievement.objects.filter(organisations__in=user.organisation.family_ids())
        return queryset.filter(published | Q(pk__in=owned.values("pk")))
    if model is Demand and role == Role.ENTERPRISE:
        return queryset.filter(published | Q(enterprise_id=user.organisation_id))
    return queryset.filter(published)
