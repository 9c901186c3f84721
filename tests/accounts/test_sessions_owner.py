"""登录会话 are their owner's only: 我的账号 lists the user's own sessions, this one marked 当前会话; nobody, an
operator included, sees or ends another user's session."""

from hardtech.accounts.models import Role, UserSession
from support.session_clients import CHROME_ON_WINDOWS, is_signed_in, row_of, signed_in


def test_the_page_lists_only_own_sessions_and_marks_this_one(users):
    here = signed_in(users[Role.MANAGER], REMOTE_ADDR="10.0.0.1")
    signed_in(users[Role.MANAGER], REMOTE_ADDR="10.0.0.2", HTTP_USER_AGENT=CHROME_ON_WINDOWS)
    signed_in(users[Role.INSTITUTION], REMOTE_ADDR="10.9.9.9")
    page = here.get("/account/").content.decode()
    assert "10.0.0.1" in page and "10.0.0.2" in page and "Chrome 120 · Windows" in page
    assert "10.9.9.9" not in page
    marked = [row for row in page.split("<tr>") if '<span class="tag">当前会话</span>' in row]
    assert len(marked) == 1 and "10.0.0.1" in marked[0] and "退出该会话" not in marked[0]
    assert "退出其他全部会话" in page


def test_an_operator_sees_only_their_own_sessions(users):
    signed_in(users[Role.MANAGER], REMOTE_ADDR="10.0.0.2")
    page = signed_in(users[Role.OPERATOR], REMOTE_ADDR="10.0.0.1").get("/account/").content.decode()
    assert "10.0.0.1" in page and "10.0.0.2" not in page


def test_nobody_ends_another_users_session(users):
    theirs = signed_in(users[Role.MANAGER])
    for role in (Role.INSTITUTION, Role.OPERATOR):
        client = signed_in(users[role])
        assert client.post(f"/account/sessions/{row_of(theirs).pk}/end/").status_code == 404
        client.post("/account/sessions/end-others/")
    assert is_signed_in(theirs) and UserSession.objects.filter(user=users[Role.MANAGER]).count() == 1


def test_ending_takes_a_post(users):
    here, there = signed_in(users[Role.MANAGER]), signed_in(users[Role.MANAGER])
    assert here.get(f"/account/sessions/{row_of(there).pk}/end/").status_code == 405
    assert here.get("/account/sessions/end-others/").status_code == 405
    assert is_signed_in(there)
