"""Threads in the admin, read-only: messages are written by their authors on the site, never by hand."""

from django.contrib import admin

from hardtech.messaging.models import Message, Participant, Thread


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ParticipantInline(_ReadOnlyInline):
    model = Participant
    fields = ["user", "reason", "joined_at", "last_read_at"]


class MessageInline(_ReadOnlyInline):
    model = Message
    fields = ["author", "body", "created_at"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["subject", "content_type", "object_id", "created_by", "created_at", "last_message_at"]
    list_filter = ["content_type"]
    search_fields = ["subject", "created_by__username", "created_by__display_name"]
    readonly_fields = ["content_type", "object_id", "subject", "created_by", "created_at", "last_message_at"]
    inlines = [ParticipantInline, MessageInline]

    def has_add_permission(self, request) -> bool:
        return False
