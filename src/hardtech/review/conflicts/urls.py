"""/review/conflicts/…: included by review.urls (names in the review namespace)."""

from django.urls import path

from hardtech.review.conflicts import views

urlpatterns = [
    path("", views.index, name="conflicts"),
    path("declare/", views.declare, name="conflicts_declare"),
    path("relations/new/", views.relation_create, name="conflicts_relation_create"),
    path("<slug:kind>/<int:pk>/", views.item_conflicts, name="conflicts_item"),
    path("<slug:kind>/<int:pk>/waive/", views.waive, name="conflicts_waive"),
    path("<slug:kind>/<int:pk>/record/", views.record_conflict, name="conflicts_record"),
]
