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


class YearFiguresInline(admin.TabularInline):
    model = YearFigures
    extra = 0


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0


class TechContractInline(admin.TabularInline):
    model = TechContract
    extra = 0


class InvestmentInline(admin.TabularInline):
    model = Investment
    extra = 0


class PriorAwardInline(admin.TabularInline):
    model = PriorAward
    extra = 0


@admin.register(ApplicantProfile)
class ApplicantProfileAdmin(admin.ModelAdmin):
    list_display = ["organisation", "registered_in_zone", "tax_in_zone", "serious_dishonesty", "updated_at"]
    list_filter = ["organisation__kind", "registered_in_zone", "tax_in_zone", "serious_dishonesty"]
    search_fields = ["organisation__name", "organisation__credit_code"]
    autocomplete_fields = ["organisation"]
    inlines = [YearFiguresInline, RecognitionInline, TechContractInline, InvestmentInline, PriorAwardInline]
