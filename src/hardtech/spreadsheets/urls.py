"""The operator's bulk import/export page (批量导入导出)."""

from django.urls import path

from hardtech.spreadsheets import views

urlpatterns = [
    path("", views.bulk, name="bulk"),
    path("export/<str:kind>.<str:fmt>", views.export, name="bulk_export"),
]
