from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hardtech.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "display_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("平台角色", {"fields": ["role", "organisation", "display_name", "phone"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "expires_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
