"""The expert's review profile: edited by the expert or the operator, never by another expert; an unavailable
expert is not assigned, and the expert's own load per round caps the engine below the round's cap."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hardtech.accounts.models import Role
from hardtech.review import pool, services
from hardtech.review.models import Assignment
from support.round_helpers import items, make_round, panel


def test_who_edits_a_profile(users):
    me, other = panel(2)
    pool.update_profile(me.user, me, available=False, availability_note="6 月出国")
    pool.update_profile(users[Role.OPERATOR], me, available=True, max_load_per_round=2)
    assert pool.profile_of(me).max_load_per_round == 2 and pool.profile_of(me).available
    with pytest.raises(PermissionDenied):
        pool.update_profile(other.user, me, available=False)
    with pytest.raises(ValidationError):
        pool.update_profile(me.user, me, available=True, max_load_per_round=0)


def test_unavailable_experts_are_left_out_and_own_caps_hold(users, university, enterprise):
    operator = users[Role.OPERATOR]
    away, capped, *rest = panel(4)
    pool.update_profile(away.user, away, available=False, availability_note="休假")
    pool.update_profile(capped.user, capped, available=True, max_load_per_round=1)
    round_ = make_round(operator, items(university, enterprise, 3), k=2, max_load=3)

    services.run_assignment(operator, round_)

    loads = {e.pk: Assignment.objects.filter(expert=e).count() for e in (away, capped, *rest)}
    assert loads[away.pk] == 0 and loads[capped.pk] <= 1 and sum(loads.values()) == 6
    free = list(round_.items.exclude(assignments__expert=capped))
    if loads[capped.pk] == 0:  # give the capped expert their one item by hand first
        services.assign_manually(operator, free[0], capped, replacing=free[0].assignments.first())
    with pytest.raises(ValidationError, match="达到上限 1"):
        services.assign_manually(operator, free[-1], capped, replacing=free[-1].assignments.first())
