"""The operator's user management page: users found by name and role, created and edited with role,
organisation and a validated password (operators get staff status), scoped roles granted and revoked."""

from hardtech.accounts import grants, scopes
from hardtech.accounts.models import Grant, Role, User

URL = "/account/manage/users/"


def test_only_the_operator_manages_users(client, users):
    for role in (Role.MANAGER, Role.INSTITUTION, Role.ENTERPRISE, Role.EXPERT):
        client.force_login(users[role])
        assert client.get(URL).status_code == 403
        assert client.post(f"{URL}{users[role].pk}/", {"role": Role.OPERATOR}).status_code == 403
    assert User.objects.filter(role=Role.OPERATOR).count() == 1


def test_search_and_role_filter(client, users):
    client.force_login(users[Role.OPERATOR])
    page = client.get(URL, {"role": Role.ENTERPRISE}).content.decode()
    assert ">enterprise<" in page and ">manager<" not in page
    page = client.get(URL, {"q": "西安测试"}).content.decode()  # the institution user's organisation
    assert ">institution<" in page and ">enterprise<" not in page
    assert "用户管理" in client.get("/").content.decode()  # linked from the navigation


def test_create_a_user_with_role_organisation_and_password(client, users, enterprise):
    client.force_login(users[Role.OPERATOR])
    body = {"username": "qc-2", "role": Role.ENTERPRISE, "organisation": enterprise.pk, "is_active": "on"}
    assert client.post(f"{URL}new/", body | {"password": "123"}).status_code == 400  # too short, numeric
    assert (
        client.post(f"{URL}new/", body | {"organisation": ""}).status_code == 400
    )  # an enterprise needs one
    assert client.post(f"{URL}new/", body | {"password": "qinchuang-2026!"}).status_code == 302
    user = User.objects.get(username="qc-2")
    assert user.organisation == enterprise and user.check_password("qinchuang-2026!") and not user.is_staff


def test_making_someone_operator_opens_the_admin(client, users):
    manager = users[Role.MANAGER]
    client.force_login(users[Role.OPERATOR])
    body = {"username": manager.username, "role": Role.OPERATOR, "is_active": "on"}
    assert client.post(f"{URL}{manager.pk}/", body).status_code == 302
    manager.refresh_from_db()
    assert manager.is_staff and manager.check_password("pass-1234")  # an empty password field keeps it
    client.force_login(manager)
    assert client.get("/admin/accounts/user/").status_code == 200


def test_grant_and_revoke_a_scoped_role(client, users, enterprise):
    manager = users[Role.MANAGER]
    client.force_login(users[Role.OPERATOR])
    page = f"{URL}{manager.pk}/"
    response = client.post(f"{page}grants/", {"role": "organisation.admin", "target": "不存在的公司"})
    assert response.status_code == 400 and "没有找到该机构" in response.content.decode()
    assert (
        client.post(f"{page}grants/", {"role": "profile.reader", "target": enterprise.name}).status_code
        == 302
    )
    assert (
        client.post(
            f"{page}grants/", {"role": "organisation.admin", "target": str(enterprise.pk)}
        ).status_code
        == 302
    )
    assert set(Grant.objects.filter(user=manager).values_list("role", flat=True)) == {
        "profile.reader",
        "organisation.admin",
    }
    assert "企业档案查阅人" in client.get(page).content.decode()
    held = Grant.objects.get(user=manager, role="profile.reader")
    assert client.post(f"{page}grants/{held.pk}/revoke/").status_code == 302
    assert not grants.has_grant(User.objects.get(pk=manager.pk), "profile.reader", enterprise)
    assert grants.has_grant(User.objects.get(pk=manager.pk), scopes.ORGANISATION_ADMIN, enterprise)
