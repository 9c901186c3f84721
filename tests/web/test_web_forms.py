"""Create/edit forms: list fields, organisation limits, attachments, and field-level errors in Chinese."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.catalogue.services import with_revision
from hardtech.catalogue.validators import patent_check_char

pytestmark = pytest.mark.django_db

DIGITS = "202223220665"
PATENT = f"CN{DIGITS}.{patent_check_char(DIGITS)}"


def achievement_data(org: Organisation, **overrides) -> dict:
    return {
        "title": "柔性钙钛矿光伏组件",
        "field": "new_energy",
        "summary": "一种柔性钙钛矿组件的制备方法。",
        "organisations": [org.pk],
        "keywords": "钙钛矿、光伏\n柔性组件",
        "completers": "张三，李四,王五",
        "patents": PATENT.lower().replace(".", ". ").replace("cn", "cn "),
        "transfer_modes": ["assignment", "equity"],
        "price_min": "100",
        "price_max": "200",
        **overrides,
    }


def errors_of(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def test_institution_creates_achievement_with_list_fields(client_for, users, university):
    response = client_for(Role.INSTITUTION).post(reverse("achievement_create"), achievement_data(university))
    item = Achievement.objects.get(title="柔性钙钛矿光伏组件")
    assert response.status_code == 302 and response["Location"] == reverse(
        "achievement_detail", args=[item.pk]
    )
    assert item.keywords == ["钙钛矿", "光伏", "柔性组件"]
    assert item.completers == ["张三", "李四", "王五"]
    assert item.patents == [PATENT]
    assert item.transfer_modes == ["assignment", "equity"]
    assert item.status == "draft" and item.created_by == users[Role.INSTITUTION]
    assert list(item.organisations.all()) == [university]


def test_achievement_field_errors_are_shown_next_to_fields(client_for, users, university):
    data = achievement_data(university, title="", patents="CN123", price_min="300", price_max="100")
    response = client_for(Role.INSTITUTION).post(reverse("achievement_create"), data)
    assert response.status_code == 200 and not Achievement.objects.exists()
    assert errors_of(response, "title") == ["这个字段是必填项。"]
    assert "格式不正确" in errors_of(response, "patents")[0]
    html = response.content.decode()
    assert 'id="id_title_errors"' in html and 'id="id_patents_errors"' in html
    # The title error sits inside the title's own field block, not in a summary elsewhere.
    block = re.search(r'<div class="field has-error">\s*<label for="id_title">.*?</div>', html, re.S)
    assert block and "这个字段是必填项" in block.group(0)


def test_price_range_error_on_its_field(client_for, users, university):
    data = achievement_data(university, price_min="300", price_max="100")
    response = client_for(Role.INSTITUTION).post(reverse("achievement_create"), data)
    assert errors_of(response, "price_max") == ["价格上限不能低于下限"]


def test_institution_cannot_file_under_another_university(client_for, users, other_university):
    response = client_for(Role.INSTITUTION).post(
        reverse("achievement_create"), achievement_data(other_university)
    )
    assert errors_of(response, "organisations") and not Achievement.objects.exists()


def test_institution_picks_any_organisation_others_are_invited(
    client_for, users, university, other_university
):
    # Its own family is added directly; another organisation only by accepting an invitation (see
    # tests/catalogue/test_co_ownership.py), so the form offers them all and says so.
    lab = Organisation.objects.create(name="测试大学光电实验室", kind="key_lab", parent=university)
    form = client_for(Role.INSTITUTION).get(reverse("achievement_create")).context["form"]
    assert {university, lab, other_university} <= set(form.fields["organisations"].queryset)
    assert "共有邀请" in form.fields["organisations"].help_text
    assert form.initial["organisations"] == [university.pk]
    operator_form = client_for(Role.OPERATOR).get(reverse("achievement_create")).context["form"]
    assert other_university in operator_form.fields["organisations"].queryset


def test_editing_keeps_a_co_owner_outside_the_family(client_for, users, achievement, other_university):
    achievement.organisations.add(other_university)
    data = achievement_data(
        achievement.organisations.first(), organisations=[o.pk for o in achievement.organisations.all()]
    )
    client_for(Role.INSTITUTION).post(reverse("achievement_edit", args=[achievement.pk]), data)
    revised = with_revision(Achievement.objects.get(pk=achievement.pk))  # the owner's edit awaits review
    assert revised.title == "柔性钙钛矿光伏组件" and other_university in revised.organisations.all()


def test_edit_form_shows_lists_as_text(client_for, users, achievement):
    html = (
        client_for(Role.INSTITUTION).get(reverse("achievement_edit", args=[achievement.pk])).content.decode()
    )
    assert "半导体激光器、封装" in html


def test_invalid_attachment_is_a_field_error(client_for, users, university):
    fake = SimpleUploadedFile("病毒.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client_for(Role.INSTITUTION).post(
        reverse("achievement_create"), {**achievement_data(university), "attachments": [fake]}
    )
    assert "不是 PDF、PNG 或 JPEG 文件" in errors_of(response, "attachments")[0]
    assert 'id="id_attachments_errors"' in response.content.decode() and not Achievement.objects.exists()


def test_attachments_upload_and_remove(client_for, users, university):
    client = client_for(Role.INSTITUTION)
    pdf = SimpleUploadedFile("说明书.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(reverse("achievement_create"), {**achievement_data(university), "attachments": [pdf]})
    item = Achievement.objects.get()
    attachment = item.attachments.get()
    assert attachment.name == "说明书.pdf" and attachment.size == len(b"%PDF-1.4 test")
    assert "说明书.pdf" in client.get(reverse("achievement_detail", args=[item.pk])).content.decode()
    client.post(
        reverse("achievement_edit", args=[item.pk]),
        {**achievement_data(university), "remove_attachments": [attachment.pk]},
    )
    assert item.attachments.count() == 0


def test_enterprise_publishes_demand_for_itself(client_for, users, enterprise, other_enterprise):
    client = client_for(Role.ENTERPRISE)
    form = client.get(reverse("demand_create")).context["form"]
    assert "enterprise" not in form.fields and form.initial["district"] == "雁塔区"
    data = {
        "title": "高精度减速器国产化",
        "field": "advanced_manufacturing",
        "problem": "减速器回差大",
        "cooperation_modes": ["joint_development"],
        "keywords": "减速器；精密传动",
        "enterprise": other_enterprise.pk,
        "province": "陕西省",
    }
    response = client.post(reverse("demand_create"), data)
    item = Demand.objects.get(title="高精度减速器国产化")
    assert response.status_code == 302 and item.enterprise == enterprise and item.status == "draft"
    assert item.keywords == ["减速器", "精密传动"]


def test_demand_errors(client_for, users, enterprise, university):
    data = {
        "title": "x",
        "field": "bogus",
        "problem": "",
        "budget_min": "-1",
        "budget_max": "5",
        "enterprise": university.pk,
    }
    response = client_for(Role.OPERATOR).post(reverse("demand_create"), data)
    assert (
        errors_of(response, "field") and errors_of(response, "problem") and errors_of(response, "budget_min")
    )
    assert errors_of(response, "enterprise")  # only enterprises are offered
    assert not Demand.objects.exists()


def test_enterprise_without_organisation_cannot_publish(client, enterprise):
    from django.contrib.auth import get_user_model

    lonely = get_user_model().objects.create_user("lonely", password="pass-1234", role=Role.ENTERPRISE)
    client.force_login(lonely)
    assert client.get(reverse("demand_create")).status_code == 403


def test_enterprise_edits_its_profile_but_not_its_identity(client_for, users, enterprise):
    client = client_for(Role.ENTERPRISE)
    form = client.get(reverse("organisation_edit", args=[enterprise.pk])).context["form"]
    assert not {"name", "kind", "parent"} & set(form.fields)
    response = client.post(
        reverse("organisation_edit", args=[enterprise.pk]),
        {
            "description": "专注激光器散热",
            "credit_code": "91350100M000100Y44",
            "industry_tags": ["光电子"],
            "name": "改名公司",
            "kind": "university",
        },
    )
    assert "校验位错误" in errors_of(response, "credit_code")[0]
    client.post(
        reverse("organisation_edit", args=[enterprise.pk]),
        {
            "description": "专注激光器散热",
            "credit_code": enterprise.credit_code,
            "industry_tags": ["光电子"],
            "province": "陕西省",
            "name": "改名公司",
            "kind": "university",
        },
    )
    enterprise.refresh_from_db()
    assert enterprise.description == "专注激光器散热" and enterprise.industry_tags == ["光电子"]
    assert enterprise.name == "秦创测试科技有限公司" and enterprise.kind == "enterprise"


def test_institution_adds_expert_under_its_university(client_for, users, university, other_university):
    client = client_for(Role.INSTITUTION)
    form = client.get(reverse("expert_create")).context["form"]
    assert set(form.fields["organisation"].queryset) == {university}
    response = client.post(
        reverse("expert_create"),
        {"name": "陈教授", "organisation": university.pk, "fields": ["new_materials", "bogus"]},
    )
    assert errors_of(response, "fields")
    client.post(
        reverse("expert_create"),
        {
            "name": "陈教授",
            "organisation": university.pk,
            "fields": ["new_materials"],
            "keywords": "碳纤维，复合材料",
        },
    )
    expert = Expert.objects.get(name="陈教授")
    assert expert.keywords == ["碳纤维", "复合材料"] and expert.fields == ["new_materials"]


def test_expert_is_linked_to_achievements_of_their_organisation(
    client_for, users, expert, achievement, university, other_university
):
    elsewhere = Achievement.objects.create(title="别校的成果", field="new_materials", status="published")
    elsewhere.organisations.add(other_university)
    draft = Achievement.objects.create(title="未发布的成果", field="new_materials", status="draft")
    draft.organisations.add(university)
    client = client_for(Role.INSTITUTION)
    form = client.get(reverse("expert_edit", args=[expert.pk])).context["form"]
    assert set(form.fields["achievements"].queryset) == {achievement}
    response = client.post(
        reverse("expert_edit", args=[expert.pk]),
        {"name": expert.name, "organisation": university.pk, "achievements": [achievement.pk]},
    )
    assert response.status_code == 302
    assert list(expert.achievements.all()) == [achievement]
    assert (
        "高功率半导体激光器芯片封装技术"
        in client.get(reverse("expert_detail", args=[expert.pk])).content.decode()
    )

    # one linked by the operator elsewhere stays selectable, so saving the form does not drop it
    expert.achievements.add(elsewhere)
    form = client.get(reverse("expert_edit", args=[expert.pk])).context["form"]
    assert set(form.fields["achievements"].queryset) == {achievement, elsewhere}
    response = client.post(
        reverse("expert_edit", args=[expert.pk]),
        {"name": expert.name, "organisation": university.pk, "achievements": [draft.pk]},
    )
    assert errors_of(response, "achievements")


def test_new_expert_form_explains_when_achievements_can_be_chosen(client_for, users):
    form = client_for(Role.OPERATOR).get(reverse("expert_create")).context["form"]
    assert not form.fields["achievements"].queryset.exists()
    assert "保存所属机构后" in form.fields["achievements"].help_text
