from django.contrib import admin

from hardtech.events.models import Event, Meeting, MeetingRequest, Registration, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "phase", "tables"]
    list_filter = ["phase"]
    inlines = [SessionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "event", "type", "status", "checked_in_at"]
    list_filter = ["status", "type"]
    raw_id_fields = ["organisation", "user", "offers", "seeks"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["sender", "receiver", "status", "priority", "score"]
    list_filter = ["status"]
    raw_id_fields = ["sender", "receiver"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["request", "slot", "table", "status", "confirmed"]
    list_filter = ["status"]
