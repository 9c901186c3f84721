from django.contrib import admin

from hardtech.catalogue import services
from hardtech.catalogue.models import Achievement, Attachment, Demand, Expert, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "city", "credit_code", "parent"]
    list_filter = ["kind", "province", "is_sample"]
    search_fields = ["name", "credit_code", "moe_code"]
    autocomplete_fields = ["parent"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["file", "name", "size"]
    readonly_fields = ["size"]


@admin.action(description="通过审核并发布")
def approve(modeladmin, request, queryset):
    for listing in queryset.filter(status="pending"):
        services.transition(request.user, listing, "approve")


@admin.register(Achievement)
class AchievementAdmin(admin.ModelAdmin):
    list_display = ["title", "field", "maturity", "status", "published_at"]
    list_filter = ["status", "field", "maturity", "is_sample"]
    search_fields = ["title", "external_id"]
    filter_horizontal = ["organisations"]
    inlines = [AttachmentInline]
    actions = [approve]


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    list_display = ["title", "enterprise", "field", "status", "valid_until"]
    list_filter = ["status", "field", "is_sample"]
    search_fields = ["title", "external_id", "enterprise__name"]
    autocomplete_fields = ["enterprise"]
    inlines = [AttachmentInline]
    actions = [approve]


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "title"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]
    filter_horizontal = ["achievements"]
