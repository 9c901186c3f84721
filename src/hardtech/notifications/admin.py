from django.contrib import admin

from hardtech.notifications.models import DeliveryPreference, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "delivery", "read_at", "emailed_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["title", "recipient__username", "recipient__display_name"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # written by the domains' services, never by hand


@admin.register(DeliveryPreference)
class DeliveryPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__username", "user__display_name"]
