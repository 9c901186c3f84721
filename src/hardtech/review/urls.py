"""URLs under /review/: the conflict-of-interest registry (conflicts/…) and the review rounds."""


app_name = "review"

urlpatterns: list = []
