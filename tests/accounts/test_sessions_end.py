"""Ending 登录会话: the owner ends another of their sessions (that browser is signed out at once) or all but
this one; each end is audited without the session key; ending this one signs this browser out; a password change
leaves only this session listed."""

from hardtech.accounts.models import Role, UserSession
from hardtech.audit.models import AuditEntry
from support.session_clients import PASSWORD, is_signed_in, row_of, signed_in

NEW = "Qinling-2031"


def test_ending_another_session_signs_that_browser_out(users):
    here, there = signed_in(users[Role.MANAGER]), signed_in(users[Role.MANAGER])
    row = row_of(there)
    response = here.post(f"/account/sessions/{row.pk}/end/", follow=True)
    assert "该会话已退出" in response.content.decode()
    assert not is_signed_in(there) and is_signed_in(here)
    assert not UserSession.objects.filter(pk=row.pk).exists()


def test_ending_the_others_keeps_this_one(users):
    here = signed_in(users[Role.MANAGER])
    others = [signed_in(users[Role.MANAGER]) for _ in range(2)]
    response = here.post("/account/sessions/end-others/", follow=True)
    assert "已退出其他 2 个会话" in response.content.decode()
    assert is_signed_in(here) and not any(is_signed_in(client) for client in others)
    assert list(UserSession.objects.all()) == [row_of(here)]
    assert "退出其他全部会话" not in here.get("/account/").content.decode()


def test_an_end_is_audited_without_the_key(users):
    here, there = signed_in(users[Role.MANAGER]), signed_in(users[Role.MANAGER], REMOTE_ADDR="10.0.0.2")
    row = row_of(there)
    here.post(f"/account/sessions/{row.pk}/end/")
    entry = AuditEntry.objects.get(content_type__model="usersession", object_id=str(row.pk))
    assert (entry.action, entry.actor, entry.channel) == ("delete", users[Role.MANAGER], "web")
    assert entry.changes["ip_address"] == ["10.0.0.2", None]
    assert row.session_key not in str(entry.changes) and "session_key" not in entry.changes


def test_ending_this_session_signs_this_browser_out(users):
    here = signed_in(users[Role.MANAGER])
    response = here.post(f"/account/sessions/{row_of(here).pk}/end/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not is_signed_in(here) and not UserSession.objects.exists()


def test_after_a_password_change_only_this_session_is_listed(users):
    here, there = signed_in(users[Role.MANAGER], REMOTE_ADDR="10.0.0.1"), signed_in(users[Role.MANAGER])
    change = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    page = here.post("/account/password/", change, follow=True).content.decode()
    assert "密码已修改" in page and "当前会话" in page and "退出其他全部会话" not in page
    assert not is_signed_in(there) and is_signed_in(here)
    assert list(UserSession.objects.all()) == [row_of(here)] and row_of(here).ip_address == "10.0.0.1"
