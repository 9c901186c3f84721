"""专家评审 in the admin: rounds and what they hold, read-only — rounds, assignments and scores are written
through review.services and review.pool (the pages and the API), which check conflicts, loads, scales and the
pledge."""

from django.contrib import admin

from hardtech.review.models import (
    Assignment,
    Criterion,
    Invitation,
    Pledge,
    ReviewProfile,
    Round,
    RoundItem,
    Score,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ["title", "state", "reviewers_per_item", "max_load", "deadline", "created_at"]
    list_filter = ["state"]
    search_fields = ["title"]
    inlines = [CriterionInline]


@admin.register(RoundItem)
class RoundItemAdmin(ReadOnly):
    list_display = ["__str__", "round", "content_type", "object_id"]
    list_filter = ["round"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly):
    list_display = ["item", "expert", "source", "affinity", "declined", "created_at"]
    list_filter = ["source", "declined", "item__round"]
    search_fields = ["expert__name"]


@admin.register(Score)
class ScoreAdmin(ReadOnly):
    list_display = ["assignment", "recommendation", "submitted", "saved_at"]
    list_filter = ["submitted", "assignment__item__round"]


@admin.register(Pledge)
class PledgeAdmin(ReadOnly):
    list_display = ["round", "user", "accepted_at"]


@admin.register(ReviewProfile)
class ReviewProfileAdmin(ReadOnly):
    list_display = ["expert", "available", "availability_note", "max_load_per_round", "updated_at"]
    list_filter = ["available"]
    search_fields = ["expert__name"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnly):
    list_display = ["round", "expert", "state", "reason", "responded_at"]
    list_filter = ["state", "round"]
    search_fields = ["expert__name"]
