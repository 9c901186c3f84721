"""Every page renders, shows what it should, and hides what it must (404 for unseen listings)."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.catalogue.models import Achievement, Demand, Organisation

pytestmark = pytest.mark.django_db


def test_home_shows_counts_kinds_and_recent_listings(client, achievement, demand, expert):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["achievement_count"] == 1
    assert response.context["demand_count"] == 1
    assert response.context["expert_count"] == 1
    kinds = {row["kind"]: row["n"] for row in response.context["organisation_kinds"]}
    assert kinds == {"university": 1, "enterprise": 1}
    html = response.content.decode()
    assert achievement.title in html and demand.title in html
    assert "登录" in html and "我的发布" not in html and "审核队列" not in html


def test_home_counts_only_published(client, achievement):
    Achievement.objects.create(title="草稿成果", field="new_materials", summary="x", status="draft")
    assert client.get(reverse("home")).context["achievement_count"] == 1


def test_nav_by_role(client_for, users):
    assert "我的发布" in client_for(Role.ENTERPRISE).get("/").content.decode()
    operator_html = client_for(Role.OPERATOR).get("/").content.decode()
    assert "审核队列" in operator_html and "管理后台" in operator_html
    assert "审核队列" not in client_for(Role.MANAGER).get("/").content.decode()


@pytest.mark.parametrize("name", ["achievement_list", "demand_list", "expert_list", "organisation_list"])
def test_libraries_render(client, name, achievement, demand, expert):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1


def test_achievement_detail(client, achievement):
    response = client.get(reverse("achievement_detail", args=[achievement.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert achievement.title in html and "西安测试大学" in html and "普通许可" in html and "中试" in html
    assert 'id="match-panel"' in html


def test_demand_detail(client, demand):
    html = client.get(reverse("demand_detail", args=[demand.pk])).content.decode()
    assert demand.title in html and "秦创测试科技有限公司" in html and "合作开发" in html
    assert 'id="match-panel"' in html


def test_expert_detail(client, expert, achievement):
    expert.achievements.add(achievement)
    html = client.get(reverse("expert_detail", args=[expert.pk])).content.decode()
    assert "王教授" in html and achievement.title in html and 'id="match-panel"' in html


def test_organisation_detail_lists_family_and_records(client, university, achievement, expert):
    lab = Organisation.objects.create(name="测试大学光电实验室", kind="key_lab", parent=university)
    html = client.get(reverse("organisation_detail", args=[university.pk])).content.decode()
    assert lab.name in html and achievement.title in html and expert.name in html
    lab_html = client.get(reverse("organisation_detail", args=[lab.pk])).content.decode()
    assert university.name in lab_html


def test_organisation_page_hides_drafts_from_public(client, university):
    draft = Achievement.objects.create(
        title="未公开的草稿", field="new_materials", summary="x", status="draft"
    )
    draft.organisations.add(university)
    html = client.get(reverse("organisation_detail", args=[university.pk])).content.decode()
    assert "未公开的草稿" not in html


@pytest.mark.parametrize("role", ["anonymous", Role.ENTERPRISE, Role.EXPERT])
@pytest.mark.parametrize("status", ["draft", "pending", "rejected", "withdrawn"])
def test_unpublished_achievement_is_404_for_outsiders(client_for, users, university, role, status):
    item = Achievement.objects.create(title="内部成果", field="new_materials", summary="x", status=status)
    item.organisations.add(university)
    assert client_for(role).get(reverse("achievement_detail", args=[item.pk])).status_code == 404
    assert "内部成果" not in client_for(role).get(reverse("achievement_list")).content.decode()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER, Role.INSTITUTION])
def test_unpublished_achievement_visible_to_owner_and_staff(client_for, users, university, role):
    item = Achievement.objects.create(title="内部成果", field="new_materials", summary="x", status="draft")
    item.organisations.add(university)
    response = client_for(role).get(reverse("achievement_detail", args=[item.pk]))
    assert response.status_code == 200 and "草稿" in response.content.decode()


def test_unpublished_demand_is_404_for_other_enterprise(client, enterprise, other_enterprise):
    from django.contrib.auth import get_user_model

    item = Demand.objects.create(title="内部需求", field="new_materials", enterprise=enterprise, problem="x")
    stranger = get_user_model().objects.create_user(
        "stranger", password="pass-1234", role=Role.ENTERPRISE, organisation=other_enterprise
    )
    client.force_login(stranger)
    assert client.get(reverse("demand_detail", args=[item.pk])).status_code == 404


def test_missing_records_are_404(client):
    for name in ["achievement_detail", "demand_detail", "expert_detail", "organisation_detail"]:
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_contact_hidden_for_anonymous(client, achievement, demand, expert):
    for url, phone in [
        (reverse("achievement_detail", args=[achievement.pk]), "029-88880000"),
        (reverse("demand_detail", args=[demand.pk]), "13800000000"),
        (reverse("expert_detail", args=[expert.pk]), "13900000000"),
    ]:
        html = client.get(url).content.decode()
        assert phone not in html and "登录</a> 后查看" in html


def test_contact_shown_when_logged_in(client_for, users, achievement, expert):
    client = client_for(Role.EXPERT)
    assert "029-88880000" in client.get(reverse("achievement_detail", args=[achievement.pk])).content.decode()
    assert "13900000000" in client.get(reverse("expert_detail", args=[expert.pk])).content.decode()


def test_history_shown_to_owner_and_staff_only(client_for, users, achievement):
    achievement.title = "改过名字的成果"
    achievement.save()
    url = reverse("achievement_detail", args=[achievement.pk])
    for role in [Role.OPERATOR, Role.MANAGER, Role.INSTITUTION]:
        html = client_for(role).get(url).content.decode()
        assert "变更记录" in html and "改过名字的成果" in html
    for role in ["anonymous", Role.ENTERPRISE, Role.EXPERT]:
        assert "变更记录" not in client_for(role).get(url).content.decode()


def test_login_and_logout(client, users):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "enterprise", "password": "pass-1234"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("mine")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("mine")).status_code == 302


def test_login_failure_shows_error(client, users):
    response = client.post(reverse("login"), {"username": "enterprise", "password": "wrong"})
    assert response.status_code == 200 and "form-alert" in response.content.decode()


def test_mine_lists_own_listings_in_every_status(client_for, users, enterprise, other_enterprise, demand):
    draft = Demand.objects.create(
        title="我的草稿需求", field="new_materials", enterprise=enterprise, problem="x"
    )
    rejected = Demand.objects.create(
        title="被退回的需求",
        field="new_materials",
        enterprise=enterprise,
        problem="x",
        status="rejected",
        review_note="请补充指标",
    )
    foreign = Demand.objects.create(
        title="别家的草稿", field="new_materials", enterprise=other_enterprise, problem="x"
    )
    mine_own = Demand.objects.create(
        title="我发布的需求",
        field="new_materials",
        enterprise=enterprise,
        problem="x",
        status="published",
        created_by=users[Role.ENTERPRISE],
    )
    html = client_for(Role.ENTERPRISE).get(reverse("mine")).content.decode()
    for item in (draft, rejected, mine_own):
        assert item.title in html
    assert "请补充指标" in html and foreign.title not in html


def test_mine_requires_login(client):
    response = client.get(reverse("mine"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_review_queue_lists_pending(client_for, users, university, enterprise):
    item = Achievement.objects.create(title="待审成果", field="new_materials", summary="x", status="pending")
    item.organisations.add(university)
    Demand.objects.create(
        title="待审需求", field="new_materials", enterprise=enterprise, problem="x", status="pending"
    )
    Demand.objects.create(title="草稿需求", field="new_materials", enterprise=enterprise, problem="x")
    html = client_for(Role.OPERATOR).get(reverse("review_queue")).content.decode()
    assert "待审成果" in html and "待审需求" in html and "草稿需求" not in html


@pytest.mark.parametrize("role", [Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT])
def test_review_queue_forbidden_for_others(client_for, users, role):
    assert client_for(role).get(reverse("review_queue")).status_code == 403


@pytest.mark.parametrize(
    "name", ["achievement_create", "demand_create", "expert_create", "organisation_create"]
)
def test_create_forms_render_for_operator(client_for, users, name):
    response = client_for(Role.OPERATOR).get(reverse(name))
    assert response.status_code == 200 and "<form" in response.content.decode()


def test_edit_forms_render(client_for, users, achievement, demand, expert, enterprise):
    operator = client_for(Role.OPERATOR)
    for name, obj in [
        ("achievement_edit", achievement),
        ("demand_edit", demand),
        ("expert_edit", expert),
        ("organisation_edit", enterprise),
    ]:
        response = operator.get(reverse(name, args=[obj.pk]))
        assert response.status_code == 200, name


def test_static_files_are_local(client):
    html = client.get("/").content.decode()
    assert "http://" not in html.split("<body")[0] and "https://" not in html.split("<body")[0]
    assert "/static/web/site.css" in html


def test_error_pages_render_in_portal_layout(rf, users):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from hardtech.web.views.errors import forbidden, not_found

    request = rf.get("/achievements/1/")
    request.user = AnonymousUser()
    response = forbidden(request, PermissionDenied("您的账号尚未关联企业"))
    assert response.status_code == 403 and "您的账号尚未关联企业" in response.content.decode()
    assert not_found(request, None).status_code == 404


def test_achievement_filter_by_organisation_kind(client, achievement, enterprise):
    item = Achievement.objects.create(
        title="企业成果", field="new_materials", summary="x", status="published"
    )
    item.organisations.add(enterprise)
    response = client.get(reverse("achievement_list"), {"org_kind": "enterprise"})
    assert [a.title for a in response.context["page"]] == ["企业成果"]


def test_login_page_keeps_the_platform_name(client):
    # LoginView puts the host into `site_name`; the header must still name the platform.
    assert "硬科技创新服务平台" in client.get(reverse("login")).content.decode().split("</header>")[0]
