"""The permission table itself (the web and API matrices check that both channels apply it)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from hardtech.catalogue import permissions
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation


def test_anonymous_sees_only_published(achievement, demand):
    anonymous = AnonymousUser()
    assert permissions.can_view(anonymous, achievement)
    achievement.status = "draft"
    assert not permissions.can_view(anonymous, achievement)
    assert not permissions.can_see_contact(anonymous)


@pytest.mark.parametrize(
    ("role", "achievement", "demand", "expert", "organisation"),
    [
        ("operator", True, True, True, True),
        ("manager", True, True, True, False),
        ("institution", True, False, True, False),
        ("enterprise", False, True, False, False),
        ("expert", False, False, False, False),
    ],
)
def test_who_creates_what(users, role, achievement, demand, expert, organisation):
    user = users[role]
    assert permissions.can_create(user, Achievement) is achievement
    assert permissions.can_create(user, Demand) is demand
    assert permissions.can_create(user, Expert) is expert
    assert permissions.can_create(user, Organisation) is organisation


def test_institution_edits_only_its_own_achievements(users, achievement, other_university):
    institution = users["institution"]
    assert permissions.can_edit(institution, achievement)
    achievement.organisations.set([other_university])
    assert not permissions.can_edit(institution, achievement)


def test_a_lab_belongs_to_its_university(users, university):
    lab = Organisation.objects.create(name="测试重点实验室", kind="key_lab", parent=university)
    item = Achievement.objects.create(title="实验室成果", field="new_materials", summary="简介")
    item.organisations.add(lab)
    assert permissions.can_edit(users["institution"], item)


def test_enterprise_edits_only_its_own_demands(users, demand, other_enterprise):
    enterprise = users["enterprise"]
    assert permissions.can_edit(enterprise, demand)
    demand.enterprise = other_enterprise
    assert not permissions.can_edit(enterprise, demand)


def test_owners_delete_only_unpublished_drafts(users, demand):
    enterprise = users["enterprise"]
    assert not permissions.can_delete(enterprise, demand)
    demand.status = "draft"
    assert permissions.can_delete(enterprise, demand)


def test_only_the_operator_reviews(users):
    assert [r for r, u in users.items() if permissions.can_review(u)] == ["operator"]


def test_visible_listings(users, demand, other_enterprise):
    hidden = Demand.objects.create(
        title="他人草稿", field="new_materials", enterprise=other_enterprise, problem="p", status="draft"
    )
    own_draft = Demand.objects.create(
        title="自己的草稿", field="new_materials", enterprise=demand.enterprise, problem="p", status="draft"
    )
    seen = set(permissions.visible_listings(users["enterprise"], Demand.objects.all()))
    assert seen == {demand, own_draft}
    assert hidden in set(permissions.visible_listings(users["manager"], Demand.objects.all()))
    assert set(permissions.visible_listings(AnonymousUser(), Demand.objects.all())) == {demand}
