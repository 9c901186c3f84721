"""科技成果 pages: the ListingKind of achievements."""

from django.db.models import F, QuerySet
from django.http import HttpRequest

from hardtech.catalogue import permissions
from hardtech.catalogue.forms import AchievementForm, AchievementLibraryForm
from hardtech.catalogue.kinds import ACHIEVEMENTS
from hardtech.catalogue.models import Achievement, InvitationStatus, Organisation, OwnershipInvitation
from hardtech.catalogue.views.listings import ListingKind
from hardtech.catalogue.views.regions import organisation_regions
from hardtech.core.search import json_list_has

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


def _organisations_help(request: HttpRequest, obj: Achievement) -> str:
    """An owner adds its own organisation family; another organisation it picks is invited (services)."""
    if permissions.sets_organisations_directly(request.user):
        return ""
    text = "。选择本机构以外的机构时，将向其发出共有邀请，对方接受后才列入所属机构；不能移除其他共有机构"
    pending = (
        OwnershipInvitation.objects.filter(achievement=obj, status=InvitationStatus.PENDING)
        .select_related("organisation")
        .order_by("organisation__name")
        if obj.pk
        else []
    )
    if names := "、".join(invitation.organisation.name for invitation in pending):
        text += f"。已邀请、待对方确认：{names}"
    return text


def _form(request: HttpRequest, obj: Achievement, data, files) -> AchievementForm:
    initial = {}
    if obj.pk is None and request.user.organisation_id:
        initial["organisations"] = [request.user.organisation_id]
    return AchievementForm(
        data,
        files,
        instance=obj,
        initial=initial,
        user=request.user,
        organisations=Organisation.objects.all(),
        help_text=_organisations_help(request, obj),
    )


KIND = ListingKind(
    record=ACHIEVEMENTS,
    library_form=AchievementLibraryForm,
    sorts=SORTS,
    regions=organisation_regions,
    filter=_filter,
    for_cards=lambda qs: qs.prefetch_related("organisations"),
    new=_new,
    make_form=_form,
)
