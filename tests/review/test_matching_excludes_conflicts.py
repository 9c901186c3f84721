"""Matching never recommends a conflicted expert: experts who match a demand's text best, but co-wrote a
paper with its contact last year or declared a conflict on it, are offered neither by the demand's expert
panel API nor by excluded_experts; an unconflicted expert is."""

import pytest
from django.contrib.contenttypes.models import ContentType

from hardtech.matching import services
from hardtech.matching.conflicts import excluded_experts
from hardtech.review.models import DeclaredConflict
from support.conflict_helpers import make_expert, record, years_ago

pytestmark = pytest.mark.django_db

BIO = "激光器散热模组热阻降低，封装与散热方案，半导体激光器研究。"


def laser_expert(name, organisation):
    return make_expert(name, organisation, keywords=["激光器", "散热"], bio=BIO)


def test_conflicted_experts_are_not_recommended_for_a_demand(client, demand, other_university):
    coauthor = laser_expert("李四", other_university)
    record("激光器热管理", ["李四", "李经理"], [other_university], years_ago(1))
    declared = laser_expert("钱教授", other_university)
    DeclaredConflict.objects.create(
        expert=declared,
        content_type=ContentType.objects.get_for_model(demand),
        object_id=demand.pk,
        reason="曾为该企业提供咨询",
    )
    fair = laser_expert("赵教授", other_university)
    services.rebuild()
    assert excluded_experts(demand) >= {coauthor.pk, declared.pk}
    ids = [item["id"] for item in client.get(f"/api/match/demands/{demand.pk}/experts").json()["items"]]
    assert fair.pk in ids
    assert coauthor.pk not in ids
    assert declared.pk not in ids
