"""Two writes at once that both pass the service's check (adding the same specialist, a side's first rating)
end as in sequence instead of a 500: the second add is refused as a duplicate, the second rating is kept."""

import pytest
from django.db.models.query import QuerySet
from django.utils import timezone

from hardtech.accounts.models import Role, User
from hardtech.deals import services
from hardtech.deals.choices import Stage
from hardtech.deals.models import Deal, DealMember, Feedback, TeamRole


@pytest.fixture
def colleague(db):
    return User.objects.create_user("race_colleague", password="x", role=Role.MANAGER)


def _blind(monkeypatch, model, method, answer):
    """The model's lookups by `method` answer as if another transaction's row were not yet committed."""
    original = getattr(QuerySet, method)

    def patched(self, *args, **kwargs):
        return answer if self.model is model else original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, method, patched)


def test_adding_a_member_twice_at_once_is_the_duplicate_refusal(users, deal, colleague, monkeypatch):
    role = TeamRole.objects.first()
    services.add_member(users["manager"], deal, colleague, role)
    _blind(monkeypatch, DealMember, "exists", False)
    with pytest.raises(services.ValidationError) as refused:
        services.add_member(users["manager"], deal, colleague, role)
    assert refused.value.message_dict == {"user": [f"{colleague} 已在项目团队中"]}
    assert DealMember.objects.filter(deal=deal, user=colleague).count() == 1


def test_two_first_ratings_at_once_keep_the_latest(users, deal, monkeypatch):
    Deal.objects.filter(pk=deal.pk).update(stage=Stage.CLOSED, closed_at=timezone.now())
    deal.refresh_from_db()
    buyer = users[Role.ENTERPRISE]
    services.give_feedback(buyer, deal, 4, "响应及时")
    _blind(monkeypatch, Feedback, "first", None)
    monkeypatch.setattr(Feedback, "validate_constraints", lambda self, exclude=None: None)
    feedback = services.give_feedback(buyer, deal, 2, "后续跟进不足")
    stored = Feedback.objects.get(deal=deal)
    assert feedback.pk == stored.pk and (stored.rating, stored.comment) == (2, "后续跟进不足")
