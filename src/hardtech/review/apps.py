from django.apps import AppConfig


class ReviewConfig(AppConfig):
    """专家评审: expert assignment without conflicts of interest, and calibrated ranking of scores (the
    engines `assign` and `judging`); the review rounds themselves come next."""

    name = "hardtech.review"
    verbose_name = "专家评审"

    def ready(self) -> None:
        from hardtech.audit import recorder
        from hardtech.review.models import ConflictWaiver, DeclaredConflict, Relation

        # Who recorded a relation, declared a conflict or waived one, and why: the registry's trail.
        recorder.connect(Relation, DeclaredConflict, ConflictWaiver)

        from hardtech.review import notifications  # noqa: F401  (declares review.assigned)
        from hardtech.review.models import Assignment, Criterion, Round, RoundItem

        # Rounds, their rubric and items, and who was assigned (scores stay out: drafts are saved often).
        recorder.connect(Round, Criterion, RoundItem, Assignment)

        from hardtech.review.models import Comparison, Finalist, Finals

        # Who opened the finals over which items, and each judge's choice between two finalists.
        recorder.connect(Finals, Finalist, Comparison)
