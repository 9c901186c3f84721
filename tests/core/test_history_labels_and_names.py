"""A change history reads as people speak: choice labels (also inside JSON lists), referenced records by their
names, the channel in Chinese; never raw codes, ids or a `cli` badge."""

from hardtech.audit.context import acting_as
from hardtech.core.history import history_rows


def _latest(obj) -> tuple[str, dict[str, tuple[str, str]]]:
    row = history_rows(obj)[0]
    return row.channel, {change.label: (change.old, change.new) for change in row.changes}


def test_a_demand_edit_shows_labels_names_and_the_channel(demand, other_enterprise):
    with acting_as(None, "cli"):
        demand.cooperation_modes = ["joint_development", "tech_service"]
        demand.enterprise = other_enterprise
        demand.save()
    channel, changes = _latest(demand)
    assert channel == "命令行"
    assert changes["合作方式"] == ("合作开发", "合作开发、技术服务")
    assert changes["需求企业"] == ("秦创测试科技有限公司", "丝路测试装备有限公司")


def test_co_owners_added_show_by_name(achievement, other_university):
    with acting_as(None, "web"):
        achievement.organisations.add(other_university)
    channel, changes = _latest(achievement)
    assert channel == "网页"
    assert changes["所属机构"] == ("", "新增 长安测试学院")


def test_an_expert_shows_field_labels_and_the_api_channel(expert, other_university):
    with acting_as(None, "api"):
        expert.fields = ["electronic_information", "new_materials"]
        expert.organisation = other_university
        expert.save()
    channel, changes = _latest(expert)
    assert channel == "API"
    assert changes["技术领域"] == ("电子信息", "电子信息、新材料")
    assert changes["所在机构"] == ("西安测试大学", "长安测试学院")


def test_names_are_read_once_per_model_for_the_whole_trail(
    demand, enterprise, other_enterprise, django_assert_max_num_queries
):
    for owner in (other_enterprise, enterprise, other_enterprise, enterprise):
        demand.enterprise = owner
        demand.save()
    history_rows(demand)  # content types cached
    with django_assert_max_num_queries(2):  # the entries, then the organisations they name
        rows = history_rows(demand)
    assert [row.changes[0].new for row in rows[:2]] == ["秦创测试科技有限公司", "丝路测试装备有限公司"]


def test_a_pending_revision_reads_as_the_fields_it_changes(db):
    from hardtech.audit.models import AuditEntry
    from hardtech.catalogue.models import Achievement
    from hardtech.core.history import history_row

    entry = AuditEntry(
        action=AuditEntry.Action.UPDATE,
        changes={"pending_changes": [None, {"title": "新名称", "summary": "新简介"}]},
    )
    [change] = history_row(entry, Achievement).changes
    assert (change.label, change.old, change.new) == ("待审核的修改", "—", "修改名称、成果简介")
