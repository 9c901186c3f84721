"""科技成果 pages: the ListingKind of achievements."""

from django.db.models import F, QuerySet
from django.http import HttpRequest

from hardtech.accounts.models import Role
from hardtech.catalogue import permissions
from hardtech.catalogue.models import Achievement, Organisation
from hardtech.web.forms import AchievementForm, AchievementLibraryForm
from hardtech.web.views.common import json_list_has
from hardtech.web.views.listings import ListingKind
from hardtech.web.views.regions import organisation_regions

SORTS = {
    "newest": ("最新发布", (F("published_at").desc(nulls_last=True), "-id")),
    "title": ("名称", ("title", "id")),
    "price_asc": ("价格从低到高", (F("price_min").asc(nulls_last=True), "id")),
    "price_desc": ("价格从高到低", (F("price_max").desc(nulls_last=True), "id")),
}


def _filter(queryset: QuerySet, form: AchievementLibraryForm) -> QuerySet:
    if maturity := form.value("maturity"):
        queryset = queryset.filter(maturity=maturity)
    if level := form.value("tech_level"):
        queryset = queryset.filter(tech_level=level)
    if mode := form.value("mode"):
        queryset = queryset.filter(json_list_has("transfer_modes", mode))
    # Organisation filters go through a subquery so the page count stays a count over one table.
    links = Achievement.organisations.through.objects
    if kind := form.value("org_kind"):
        queryset = queryset.filter(pk__in=links.filter(organisation__kind=kind).values("achievement_id"))
    if region := form.value("region"):
        queryset = queryset.filter(
            pk__in=links.filter(organisation__province=region).values("achievement_id")
        )
    if org := form.value("org"):
        queryset = queryset.filter(pk__in=links.filter(organisation_id=org).values("achievement_id"))
    return queryset


def _new(request: HttpRequest) -> Achievement:
    return Achievement(created_by=request.user)


def organisation_choices(request: HttpRequest, obj: Achievement) -> QuerySet[Organisation]:
    """An institution user files achievements under its own organisation family; the organisations an
    achievement already has stay selectable so that editing never silently drops a co-owner."""
    user = request.user
    if permissions.role_of(user) != Role.INSTITUTION:
        return Organisation.objects.all()
    family = user.organisation.family_ids() if user.organisation_id else set()
    current = set(obj.organisations.values_list("pk", flat=True)) if obj.pk else set()
    return Organisation.objects.filter(pk__in=family | current)


def _form(request: HttpRequest, obj: Achievement, data, files) -> AchievementForm:
    initial = {}
    if obj.pk is None and request.user.organisation_id:
        initial["organisations"] = [request.user.organisation_id]
    return AchievementForm(
        data, files, instance=obj, initial=initial, organisations=organisation_choices(request, obj)
    )


KIND = ListingKind(
    model=Achievement,
    slug="achievement",
    label="科技成果",
    library_form=AchievementLibraryForm,
    sorts=SORTS,
    regions=organisation_regions,
    filter=_filter,
    for_cards=lambda qs: qs.prefetch_related("organisations"),
    new=_new,
    make_form=_form,
)
