"""一企一档 in the admin: a profile with its records inline (the portal pages are the everyday way in)."""

from django.contrib import admin

from hardtech.policies.models import (
    ApplicantProfile,
    Investment,
    PriorAward,
    Recognition,
    TechContract,
    YearFigures,
)


def _inline(model: type) -> type[admin.TabularInline]:
    return type(f"{model.__name__}Inline", (admin.TabularInline,), {"model": model, "extra": 0})


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "registered_in_zone", "tax_in_zone", "serious_dishonesty", "updated_at"]
    list_filter = ["organisation__kind", "registered_in_zone", "tax_in_zone", "serious_dishonesty"]
    search_fields = ["organisation__name", "organisation__credit_code"]
    autocomplete_fields = ["organisation"]
    inlines = [_inline(m) for m in (YearFigures, Recognition, TechContract, Investment, PriorAward)]
