"""匹配反馈 in the admin: operators read and filter what users said about matches (read-only)."""

from django.contrib import admin

from hardtech.matching.models import MatchFeedback


@admin.register(MatchFeedback)
class MatchFeedbackAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "user",
        "source_kind",
        "source_id",
        "target_kind",
        "target_id",
        "relevant",
        "reason",
        "score",
        "rank",
    )
    list_filter = ("relevant", "reason", "source_kind", "target_kind")
    search_fields = ("note", "user__username")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
