from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hardtech.accounts.models import ApiToken, Grant, MemberInvitation, User


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


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    """Scoped roles; the operator's page (/account/manage/users/) grants them by name, the admin by id."""

    list_display = ["user", "role", "content_type", "object_id", "granted_by", "created_at", "expires_at"]
    list_filter = ["role", "content_type"]
    search_fields = ["user__username", "user__display_name"]
    raw_id_fields = ["user", "granted_by"]


@admin.register(MemberInvitation)
class MemberInvitationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "email", "invited_by", "created_at", "expires_at", "accepted_by"]
    readonly_fields = ["digest", "created_at", "accepted_by", "accepted_at"]
    raw_id_fields = ["organisation", "invited_by"]
