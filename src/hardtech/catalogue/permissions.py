"""Who may do what in the catalogue: one table of predicates per action (django-rules), shared by the web pages
and the API.

Global roles: operator 管委会 (everything), manager 技术经理人 (browses everything, curates listings), institution
高校/院所 (its own achievements), enterprise 企业 (its own demands and profile), expert 专家 (own profile),
public (anonymous: published listings, contact details hidden). Scoped roles add to them: an organisation.admin
or organisation.member grant on an organisation makes its holder belong to it, like User.organisation, so the
holder owns the organisation's records as its own users do.

RULES maps "<model>.<action>" to a predicate of (user, record); the functions below are what views, the API and
services call.
"""

from collections.abc import Iterable

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from hardtech.accounts.membership import organisation_ids
from hardtech.accounts.models import Role, User
from hardtech.catalogue.choices import ListingStatus
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation, OwnershipInvitation

AnyUser = User | AnonymousUser
Record = Organisation | Achievement | Demand | Expert


def role_of(user: AnyUser) -> str | None:
    if not user.is_authenticated:
        return None
    return Role.OPERATOR if user.is_superuser else user.role


def member_family_ids(user: AnyUser) -> set[int]:
    """The organisations the user belongs to (home and grants) and those below them (a university's labs).
    Kept on the user object, which lives for one request."""
    if not user.is_authenticated:
        return set()
    cached = user.__dict__.get("_member_family_ids")
    if cached is None:
        cached = set()
        ids = organisation_ids(user)
        if user.organisation_id in ids:
            cached |= user.organisation.family_ids()
        for org in Organisation.objects.filter(pk__in=ids - cached):
            cached |= org.family_ids()
        user.__dict__["_member_family_ids"] = cached
    return cached


def owns(user: AnyUser, obj: Record) -> bool:
    """Whether the record belongs to an organisation the user belongs to (or to the user, for an expert)."""
    if not user.is_authenticated:
        return False
    if isinstance(obj, Expert):
        if obj.user_id == user.pk:
            return True
        return user.role == Role.INSTITUTION and obj.organisation_id in member_family_ids(user)
    if isinstance(obj, Achievement):
        return owns_organisations(user, [o.pk for o in obj.organisations.all()])
    if isinstance(obj, Demand):
        return user.role == Role.ENTERPRISE and obj.enterprise_id in organisation_ids(user)
    if isinstance(obj, Organisation):
        return user.role in (Role.ENTERPRISE, Role.INSTITUTION) and obj.pk in organisation_ids(user)
    return False


def owns_organisations(user: AnyUser, organisation_ids: Iterable[int]) -> bool:
    """Whether an achievement filed under these organisations belongs to the user's institution."""
    if not user.is_authenticated or user.role != Role.INSTITUTION:
        return False
    return not member_family_ids(user).isdisjoint(organisation_ids)


# Predicates: (user) for what depends on the role alone, (user, record) for the rest.
is_operator = rules.predicate(lambda user: role_of(user) == Role.OPERATOR, name="is_operator")
is_manager = rules.predicate(lambda user: role_of(user) == Role.MANAGER, name="is_manager")
is_institution = rules.predicate(lambda user: role_of(user) == Role.INSTITUTION, name="is_institution")
is_enterprise = rules.predicate(lambda user: role_of(user) == Role.ENTERPRISE, name="is_enterprise")
is_signed_in = rules.predicate(lambda user: user.is_authenticated, name="is_signed_in")
is_curator = is_operator | is_manager
is_owner = rules.predicate(owns, name="is_owner")
is_published = rules.predicate(lambda user, obj: obj.status == ListingStatus.PUBLISHED, name="is_published")
is_unpublished_draft = rules.predicate(
    lambda user, obj: obj.status in (ListingStatus.DRAFT, ListingStatus.REJECTED), name="is_unpublished_draft"
)


def _listing_rules(name: str, creators: rules.Predicate) -> dict[str, rules.Predicate]:
    return {
        f"{name}.create": creators,
        f"{name}.view": is_published | is_curator | is_owner,
        f"{name}.edit": is_curator | is_owner,
        f"{name}.submit": is_curator | is_owner,
        f"{name}.withdraw": is_curator | is_owner,
        # Operators delete anything; owners delete their own listings while they are unpublished drafts.
        f"{name}.delete": is_operator | (is_owner & is_unpublished_draft),
    }


RULES = rules.RuleSet(
    {
        "organisation.create": is_operator,
        "organisation.view": rules.always_allow,
        "organisation.edit": is_operator | is_owner,
        "organisation.delete": is_operator,
        **_listing_rules("achievement", is_curator | is_institution),
        **_listing_rules("demand", is_curator | is_enterprise),
        "expert.create": is_curator | is_institution,
        "expert.view": rules.always_allow,
        "expert.edit": is_curator | is_owner,
        "expert.delete": is_operator,
        # Approve or reject pending listings; import and export in bulk; see contact details.
        "catalogue.review": is_operator,
        "catalogue.bulk": is_operator,
        "catalogue.see_contact": is_signed_in,
    }
)


def _test(action: str, user: AnyUser, obj_or_model: Record | type) -> bool:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    name = f"{model._meta.model_name}.{action}"
    if isinstance(obj_or_model, type):
        return RULES.test_rule(name, user)
    return RULES.test_rule(name, user, obj_or_model)


def can_create(user: AnyUser, model: type) -> bool:
    return _test("create", user, model)


def can_view(user: AnyUser, obj: Record) -> bool:
    return _test("view", user, obj)


def can_edit(user: AnyUser, obj: Record) -> bool:
    return _test("edit", user, obj)


# The fields the catalogue's forms and API write endpoints set, in the order the forms show them. The others
# change elsewhere: the status and its dates through the review workflow, provenance (created_by, source,
# external_id, is_sample) through imports, an expert's account through the admin.
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
EDITABLE_FIELDS: dict[type, tuple[str, ...]] = {
    Organisation: (
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
    ),
    Achievement: (
        "title",
        "field",
        "subfield",
        "organisations",
        "keywords",
        "completers",
        "summary",
        "maturity",
        "tech_level",
        "patents",
        "transfer_modes",
        "price_min",
        "price_max",
        "completed_on",
        *CONTACT_FIELDS,
    ),
    Demand: (
        "title",
        "field",
        "subfield",
        "enterprise",
        "keywords",
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
        *CONTACT_FIELDS,
    ),
    Expert: (
        "name",
        "organisation",
        "title",
        "fields",
        "keywords",
        "bio",
        "achievements",
        "contact_phone",
        "contact_email",
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
    return invitation.organisation_id in member_family_ids(user)


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
    return _test("delete", user, obj)


def can_submit(user: AnyUser, obj: Achievement | Demand) -> bool:
    return _test("submit", user, obj)


def can_review(user: AnyUser) -> bool:
    """Approve or reject pending listings: the operator only."""
    return RULES.test_rule("catalogue.review", user)


def can_withdraw(user: AnyUser, obj: Achievement | Demand) -> bool:
    return _test("withdraw", user, obj)


def can_see_contact(user: AnyUser) -> bool:
    return RULES.test_rule("catalogue.see_contact", user)


def can_bulk(user: AnyUser) -> bool:
    """Import and export in bulk: the operator."""
    return RULES.test_rule("catalogue.bulk", user)


def _owned(user: AnyUser, model: type) -> Q | None:
    """The listings of the organisations the user belongs to (an institution's achievements, an enterprise's
    demands) as a filter; None when the user owns none of this kind."""
    role = role_of(user)
    if model is Achievement and role == Role.INSTITUTION and (family := member_family_ids(user)):
        return Q(pk__in=Achievement.objects.filter(organisations__in=family).values("pk"))
    if model is Demand and role == Role.ENTERPRISE and (ids := organisation_ids(user)):
        return Q(enterprise_id__in=ids)
    return None


def owned_listings(user: AnyUser, queryset):
    """The listings of the user's organisations plus what the user created; for operators and managers only
    what they created."""
    if not user.is_authenticated:
        return queryset.none()
    created = Q(created_by=user)
    owned = _owned(user, queryset.model)
    return queryset.filter(created if owned is None else created | owned)


def visible_listings(user: AnyUser, queryset):
    """Published listings for everyone, plus the user's own (or all, for operators and managers)."""
    if role_of(user) in (Role.OPERATOR, Role.MANAGER):
        return queryset
    published = Q(status=ListingStatus.PUBLISHED)
    owned = _owned(user, queryset.model) if user.is_authenticated else None
    return queryset.filter(published if owned is None else published | owned)


def _with_ancestors(organisations: list[Organisation]) -> set[int]:
    """A lab's achievement is also its university's: the organisations and everything above them."""
    ids: set[int] = set()
    for organisation in organisations:
        while organisation is not None and organisation.pk not in ids:
            ids.add(organisation.pk)
            organisation = organisation.parent
    return ids


def owners(record: Record) -> list[User]:
    """The active accounts that answer for the record: an achievement's institution users, a demand's
    enterprise users (the same people `owns` recognises)."""
    if isinstance(record, Achievement):
        candidates = User.objects.filter(
            role=Role.INSTITUTION, organisation__in=_with_ancestors(list(record.organisations.all()))
        )
    else:
        candidates = User.objects.filter(role=Role.ENTERPRISE, organisation=record.enterprise_id)
    return [u for u in candidates.filter(is_active=True).order_by("pk") if owns(u, record)]
