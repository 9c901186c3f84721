from django.contrib import admin

from hardtech.deals.models import Contract, ContractCost, Deal, DealMember, TeamRole


@admin.register(TeamRole)
class TeamRoleAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order"]


class MemberInline(admin.TabularInline):
    model = DealMember
    extra = 0


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "stage", "lead", "amount", "opened_at"]
    list_filter = ["stage", "source"]
    search_fields = ["code", "title"]
    readonly_fields = ["code", "stage", "stage_entered_at", "closed_at"]
    raw_id_fields = ["achievements", "experts", "demands", "sellers", "buyers", "landed_company"]
    inlines = [MemberInline]


class CostInline(admin.TabularInline):
    model = ContractCost
    extra = 0


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["project_name", "contract_type", "status", "registration_no", "total_amount", "signed_on"]
    list_filter = ["status", "contract_type"]
    search_fields = ["project_name", "registration_no", "buyer_name", "seller_name"]
    readonly_fields = ["status", "registration_no", "registered_at", "registrar", "technology_amount"]
    raw_id_fields = ["deal", "buyer", "seller"]
    inlines = [CostInline]
