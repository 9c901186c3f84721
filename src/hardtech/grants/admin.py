"""The admin shows the grants records read-only where they are money: the ledger is never edited here."""

from django.contrib import admin

from hardtech.grants.models import Application, Call, JournalEntry, Notice, Objection, PaymentBatch, Posting


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("title", "policy", "year", "status", "deadline")
    list_filter = ("status", "year")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("number", "applicant", "call", "route", "status", "submitted_at")
    list_filter = ("status", "route")
    search_fields = ("number", "applicant__name")
    exclude = ("bank_account_number",)


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "call", "starts_on", "days", "status")


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ("notice", "name", "status", "created_at")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnly):
    list_display = ("pk", "kind", "memo", "created_by", "created_at")
    list_filter = ("kind",)


@admin.register(Posting)
class PostingAdmin(ReadOnly):
    list_display = ("entry", "account", "item", "amount")
    list_filter = ("account",)


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnly):
    list_display = ("number", "year", "status", "created_at", "sent_at")
