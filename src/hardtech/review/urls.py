"""URLs under /review/: the conflict-of-interest registry (conflicts/…) and the review rounds."""

from django.urls import include, path

from .views import finals, pool, results, rounds, scoring

app_name = "review"

urlpatterns: list = [
    path("conflicts/", include("hardtech.review.conflicts.urls")),
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/assign/", rounds.round_assign, name="round_assign"),
    path("rounds/<int:pk>/rubric/", rounds.round_rubric, name="round_rubric"),
    path("rounds/<int:pk>/remind/", rounds.round_remind, name="round_remind"),
    path("rounds/<int:pk>/step/<slug:name>/", rounds.round_step, name="round_step"),
    path("rounds/<int:pk>/items/<int:item_pk>/manual/", rounds.round_manual, name="round_manual"),
    path("rounds/<int:pk>/pledge/", scoring.pledge, name="pledge"),
    path("rounds/<int:pk>/results/", results.results, name="results"),
    path("rounds/<int:pk>/results.xlsx", results.results_xlsx, name="results_xlsx"),
    path("rounds/<int:pk>/finals/", finals.finals_page, name="finals"),
    path("rounds/<int:pk>/finals/compare/", finals.finals_compare, name="finals_compare"),
    path("rounds/<int:pk>/invite/", pool.round_invite, name="round_invite"),
    path("invitations/<int:pk>/", pool.invitation, name="invitation"),
    path("profile/", pool.my_profile, name="my_profile"),
    path("experts/<int:expert_pk>/profile/", pool.expert_profile, name="expert_profile"),
    path("mine/", scoring.my_reviews, name="my_reviews"),
    path("assignments/<int:pk>/", scoring.score, name="score"),
    path("assignments/<int:pk>/conflict/", scoring.declare_conflict, name="declare_conflict"),
]
