"""Each conflict rule, built from the platform's records: the same organisation family (a lab of the
university), the item's own team, co-work with a team member in the last N years (not five years ago),
recorded relations, declarations, waivers; every explanation in Chinese."""

import pytest
from django.contrib.contenttypes.models import ContentType

from hardtech.catalogue.models import Organisation
from hardtech.review.conflicts import barred_experts, barred_pairs, conflicts_for, item_key
from hardtech.review.models import ConflictWaiver, DeclaredConflict, Relation
from support.conflict_helpers import make_expert, record, years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(university):
    """西安测试大学's achievement: its team are 张三 (completer) and 张老师 (the contact)."""
    return record("高功率激光器封装", ["张三"], [university], years_ago(0), contact="张老师")


@pytest.fixture
def outsider(other_university):
    return make_expert("赵教授", other_university)


def rules_of(expert, item) -> list[str]:
    return [c.rule for c in conflicts_for(expert, item)]


def test_an_expert_of_the_universitys_lab_is_barred_with_the_university_named(university, item, outsider):
    lab = Organisation.objects.create(name="西安测试大学光电实验室", kind="lab", parent=university)
    expert = make_expert("钱研究员", lab)
    [conflict] = conflicts_for(expert, item)
    assert conflict.rule == "organisation"
    assert conflict.explanation.startswith("与申报单位同属西安测试大学")
    assert "参考" in conflict.reference
    assert conflicts_for(outsider, item) == []


def test_a_completer_of_the_item_is_barred_from_it(other_university, item):
    same_name = make_expert("张三", other_university)
    [conflict] = conflicts_for(same_name, item)
    assert (conflict.rule, conflict.explanation) == ("team", "该成果的团队成员张三与本人同名")
    linked = make_expert("孙教授", other_university)
    linked.achievements.add(item)
    assert rules_of(linked, item) == ["team"]


def test_co_authorship_with_a_team_member_two_years_ago_bars_five_years_ago_does_not(
    university, other_university, item
):
    recent = make_expert("李四", other_university)
    record("激光器热管理", ["李四", "张三"], [other_university], years_ago(2))
    old = make_expert("王五", other_university)
    record("光纤放大器", ["王五", "张三"], [other_university], years_ago(5))
    [conflict] = conflicts_for(recent, item)
    assert conflict.rule == "coauthor"
    assert "近3年内与该成果的团队成员张三合作完成《激光器热管理》" in conflict.explanation
    assert conflicts_for(old, item) == []


def test_co_authorship_counts_only_where_the_expert_is_linked_to_the_record(
    university, other_university, item
):
    """A namesake at another organisation did not write the paper; the expert's profile link says they did."""
    namesake = make_expert("李四", university.__class__.objects.create(name="无关研究所", kind="institute"))
    paper = record("激光器热管理", ["李四", "张三"], [other_university], years_ago(1))
    assert conflicts_for(namesake, item) == []
    namesake.achievements.add(paper)
    assert rules_of(namesake, item) == ["coauthor"]


def test_the_years_are_a_setting(settings, other_university, item):
    expert = make_expert("李四", other_university)
    record("激光器热管理", ["李四", "张三"], [other_university], years_ago(2))
    settings.REVIEW_COAUTHOR_YEARS = 1
    assert conflicts_for(expert, item) == []


def test_recorded_relations_bar_advisor_family_former_employer_and_shares(university, other_university, item):
    advisor = make_expert("周教授", other_university)
    Relation.objects.create(expert=advisor, kind="student", person_name="张三")
    family = make_expert("吴女士", other_university)
    Relation.objects.create(expert=family, kind="family", person_name="张老师")
    former = make_expert("郑博士", other_university)
    Relation.objects.create(
        expert=former, kind="former_employer", organisation=university, until=years_ago(1)
    )
    long_ago = make_expert("冯博士", other_university)
    Relation.objects.create(
        expert=long_ago, kind="former_employer", organisation=university, until=years_ago(6)
    )
    holder = make_expert("陈董事", other_university)
    Relation.objects.create(expert=holder, kind="shareholding", organisation=university)
    assert [c.explanation for c in conflicts_for(advisor, item)] == ["成果团队成员张三是本人的学生"]
    assert [c.explanation for c in conflicts_for(family, item)] == ["成果团队成员张老师是本人的亲属"]
    assert rules_of(former, item) == ["former_employer"]
    assert "曾任职单位：西安测试大学" in conflicts_for(former, item)[0].explanation
    assert conflicts_for(long_ago, item) == []
    assert [c.explanation for c in conflicts_for(holder, item)] == [
        "持股：西安测试大学，与申报单位同属西安测试大学"
    ]


def test_a_declared_conflict_bars_and_a_waiver_lifts_one_rule(users, university, item, outsider):
    at = {"content_type": ContentType.objects.get_for_model(item), "object_id": item.pk}
    DeclaredConflict.objects.create(expert=outsider, reason="曾参与该项目前期论证", **at)
    [conflict] = conflicts_for(outsider, item)
    assert (conflict.rule, conflict.explanation) == ("declared", "管委会登记：曾参与该项目前期论证")
    ConflictWaiver.objects.create(expert=outsider, rule="declared", reason="论证不涉及利益", **at)
    assert conflicts_for(outsider, item) == []
    assert barred_experts(item, include_waived=True)[outsider.pk][0].waiver is not None


def test_a_demand_bars_its_enterprise_group(demand, enterprise):
    group = Organisation.objects.create(name="秦创测试集团", kind="enterprise")
    sister = Organisation.objects.create(name="秦创测试光电有限公司", kind="enterprise", parent=group)
    enterprise.parent = group
    enterprise.save()
    expert = make_expert("孔工", sister)
    assert "与申报单位同属秦创测试集团" in conflicts_for(expert, demand)[0].explanation


def test_a_disabled_rule_bars_nothing(settings, university, item):
    expert = make_expert("钱研究员", university)
    settings.REVIEW_CONFLICT_RULES = {"organisation": {"enabled": False}}
    assert conflicts_for(expert, item) == []


def test_barred_pairs_batches_many_pairs_in_few_queries(
    university, other_university, item, demand, django_assert_max_num_queries
):
    experts = [make_expert(f"专家{i}", university if i % 2 else other_university) for i in range(30)]
    items = [item, demand, *(record(f"成果{i}", [f"成员{i}"], [other_university], None) for i in range(20))]
    with django_assert_max_num_queries(15):
        pairs = barred_pairs(experts, items)
    assert pairs[(experts[1].pk, item_key(item))][0].rule == "organisation"
    assert (experts[0].pk, item_key(item)) not in pairs
    assert (experts[0].pk, item_key(items[2])) in pairs  # other_university's own record


def test_barred_experts_searches_every_expert(university, other_university, item, outsider):
    lab = Organisation.objects.create(name="西安测试大学光电实验室", kind="lab", parent=university)
    inside = make_expert("钱研究员", lab)
    coauthor = make_expert("李四", other_university)
    record("激光器热管理", ["李四", "张三"], [other_university], years_ago(1))
    assert set(barred_experts(item)) == {inside.pk, coauthor.pk}
