"""URLs under /policy/: the policies, the calculator, profiles (一企一档), the operator's run and import."""

from django.urls import path

from hardtech.policies.views import calculator, operator, profiles

app_name = "policies"

urlpatterns = [
    path("", operator.index, name="index"),
    path("calculator/", calculator.calculator, name="calculator"),
    path("run/", operator.run_page, name="run"),
    path("run/export/", operator.run_export, name="run_export"),
    path("run/notify/", operator.run_notify, name="run_notify"),
    path("import/", operator.import_page, name="import"),
    path("import/template/", operator.import_template, name="import_template"),
    path("profile/", profiles.mine, name="mine"),
    path("profiles/", profiles.library, name="profiles"),
    path("profiles/<int:pk>/", profiles.detail, name="profile"),
    path("profiles/<int:pk>/edit/", profiles.edit, name="profile_edit"),
]
