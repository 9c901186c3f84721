"""技术需求 pages: the ListingKind of demands."""

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import HttpRequest

from hardtech.accounts.models import Role
from hardtech.catalogue import permissions
from hardtech.catalogue.choices import OrganisationKind
from hardtech.catalogue.forms import DemandForm, DemandLibraryForm
from hardtech.catalogue.kinds import DEMANDS
from hardtech.catalogue.models import Demand, Organisation
from hardtech.catalogue.views.listings import ListingKind
from hardtech.catalogue.views.regions import demand_regions
from hardtech.core.search import json_list_has

SORTS = {
    "newest": ("最新发布", (F("published_at").desc(nulls_last=True), "-id")),
    "title": ("名称", ("title", "id")),
    "budget_asc": ("预算从低到高", (F("budget_min").asc(nulls_last=True), "id")),
    "budget_desc": ("预算从高到低", (F("budget_max").desc(nulls_last=True), "id")),
}


def _filter(queryset: QuerySet, form: DemandLibraryForm) -> QuerySet:
    if mode := form.value("mode"):
        queryset = queryset.filter(json_list_has("cooperation_modes", mode))
    if region := form.value("region"):
        queryset = queryset.filter(province=region)
    if org := form.value("org"):
        queryset = queryset.filter(enterprise_id=org)
    return queryset


def _publishes_for_itself(request: HttpRequest) -> bool:
    """An enterprise user always publishes as its own enterprise; staff pick the enterprise."""
    return permissions.role_of(request.user) == Role.ENTERPRISE


def _new(request: HttpRequest) -> Demand:
    demand = Demand(created_by=request.user)
    if _publishes_for_itself(request):
        if request.user.organisation_id is None:
            raise PermissionDenied("您的账号尚未关联企业，请联系园区管委会")
        demand.enterprise = request.user.organisation
        demand.province, demand.city, demand.district = (
            demand.enterprise.province,
            demand.enterprise.city,
            demand.enterprise.district,
        )
    return demand


def _form(request: HttpRequest, obj: Demand, data, files) -> DemandForm:
    enterprises = Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
    return DemandForm(data, files, instance=obj, user=request.user, enterprises=enterprises)


KIND = ListingKind(
    record=DEMANDS,
    library_form=DemandLibraryForm,
    sorts=SORTS,
    regions=demand_regions,
    filter=_filter,
    for_cards=lambda qs: qs.select_related("enterprise"),
    new=_new,
    make_form=_form,
)
