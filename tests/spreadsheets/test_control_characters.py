"""Control characters: refused with a Chinese message wherever text comes in (API, web forms, importers, review
notes, match feedback), and an export still works whatever is stored (one bad record used to 500 it)."""

import csv
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hardtech.accounts.models import ApiToken, Role
from hardtech.catalogue.models import Achievement
from hardtech.matching.models import MatchFeedback
from hardtech.spreadsheets.exporter import export_file
from hardtech.spreadsheets.importer import import_file

# NUL, ESC (what the issue's 201 accepted) and a noncharacter; C1 controls such as CSI can even sit in an xlsx.
BAD = ["\x00", "\x1b[31m", "\ufffe", "\x9b"]
MESSAGE = "不能包含控制字符"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _api(client: Client, method: str, path: str, user, body: dict):
    key = ApiToken.issue(user)[1]
    return getattr(client, method)(
        f"/api/{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def _api_errors(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {item["loc"][-1]: item["msg"] for item in response.json()["detail"]}


@pytest.mark.parametrize("bad", BAD)
def test_api_refuses_control_characters_in_text_and_lists(client, users, university, bad):
    body = {
        "title": f"成果{bad}名称",
        "field": "new_materials",
        "summary": "简介",
        "keywords": ["正常", f"关键{bad}词"],
        "organisations": [university.pk],
    }
    errors = _api_errors(_api(client, "post", "achievements", users[Role.INSTITUTION], body))
    assert MESSAGE in errors["title"] and MESSAGE in errors["keywords"]
    assert not Achievement.objects.exists()


def test_api_refuses_control_characters_on_patch(client, users, achievement):
    response = _api(
        client, "patch", f"achievements/{achievement.pk}", users[Role.OPERATOR], {"summary": "a\x1bb"}
    )
    assert MESSAGE in _api_errors(response)["summary"]
    achievement.refresh_from_db()
    assert "\x1b" not in achievement.summary


@pytest.mark.parametrize("bad", BAD)
def test_web_form_refuses_control_characters(client, users, university, bad):
    client.force_login(users[Role.INSTITUTION])
    data = {
        "title": f"成果{bad}名称",
        "field": "new_materials",
        "summary": "简介",
        "organisations": [university.pk],
        "keywords": f"正常、关键{bad}词",
        "completers": f"张{bad}三",
    }
    response = client.post(reverse("achievement_create"), data)
    assert response.status_code == 200 and not Achievement.objects.exists()
    errors = response.context["form"].errors
    # Django's own check refuses NUL first (不允许使用空字符), the model's check every other control character.
    assert any(MESSAGE in e or "空字符" in e for e in errors["title"])
    assert MESSAGE in errors["keywords"][0] and MESSAGE in errors["completers"][0]


def test_jsonl_import_refuses_control_characters_per_row(university, tmp_path):
    path = tmp_path / "a.jsonl"
    rows = [
        {"成果名称": "正常成果", "所属机构": "西安测试大学", "成果简介": "简介", "技术领域": "新材料"},
        {"成果名称": "坏\u0000成果", "所属机构": "西安测试大学", "成果简介": "简介", "技术领域": "新材料"},
        {
            "成果名称": "列表",
            "所属机构": "西安测试大学",
            "成果简介": "简介",
            "技术领域": "新材料",
            "关键词": "好、坏\ufffe",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = import_file("achievements", path, mode="skip-bad")
    found = {(e.row, e.column): e.message for e in report.errors}
    assert MESSAGE in found[(2, "成果名称")] and MESSAGE in found[(3, "关键词")]
    assert list(Achievement.objects.values_list("title", flat=True)) == ["正常成果"]


def test_xlsx_import_refuses_c1_control_characters(university, tmp_path):
    path = tmp_path / "a.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["成果名称", "所属机构", "成果简介", "技术领域", "完成人"])
    book.active.append(["成果\x9b名称", "西安测试大学", "简介", "新材料", "张三、李\x85四"])
    book.save(path)
    report = import_file("achievements", path)
    assert {e.column for e in report.errors} == {"成果名称", "完成人"}
    assert all(MESSAGE in e.message for e in report.errors) and not Achievement.objects.exists()


def test_csv_with_control_characters_names_the_line(university, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        "成果名称,所属机构,成果简介,技术领域\n甲,西安测试大学,简介,新材料\n乙\x1b,西安测试大学,简介,新材料\n"
    )
    report = import_file("achievements", path)
    assert report.file_errors == ["文件第 3 行含有控制字符（如 \\u0000），请删除后再导入"]


def test_review_notes_refuse_control_characters(client, users, achievement):
    Achievement.objects.filter(pk=achievement.pk).update(status="pending")
    client.force_login(users[Role.OPERATOR])
    page = client.post(
        reverse("achievement_reject", args=[achievement.pk]), {"note": "请补充\x1b材料"}, follow=True
    )
    assert MESSAGE in page.content.decode()
    achievement.refresh_from_db()
    assert achievement.status == "pending" and achievement.review_note == ""
    response = _api(
        client, "post", f"achievements/{achievement.pk}/approve", users[Role.OPERATOR], {"note": "好\x00"}
    )
    assert response.status_code in (409, 422) and MESSAGE in response.content.decode()
    achievement.refresh_from_db()
    assert achievement.status == "pending"


def test_match_feedback_note_refuses_control_characters(client, users, demand, achievement):
    body = {
        "source_kind": "demands",
        "source_id": demand.pk,
        "target_kind": "achievements",
        "target_id": achievement.pk,
        "relevant": False,
        "reason": "price",
        "note": "太贵\x1b",
    }
    response = _api(client, "post", "match/feedback", users[Role.ENTERPRISE], body)
    assert response.status_code == 422 and MESSAGE in response.content.decode()
    assert not MatchFeedback.objects.exists()


# What may already be stored from before input was checked. PostgreSQL cannot store NUL at all, and its jsonb
# no lone surrogate; SQLite stores both.
STORED = "\x1b\x08\ufffe" + ("\x00" if connection.vendor == "sqlite" else "")


@pytest.fixture
def stored_bad(achievement):
    keywords = ["好", "坏\ud800"] if connection.vendor == "sqlite" else ["好", "坏\x1b"]
    Achievement.objects.filter(pk=achievement.pk).update(
        title=f"钛合金{STORED}薄壁件", contact_name=f"={STORED}1+1", keywords=keywords
    )
    return achievement


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "jsonl"])
def test_export_survives_stored_control_characters(client, users, stored_bad, fmt):
    client.force_login(users[Role.OPERATOR])
    response = client.get(reverse("bulk_export", args=["achievements", fmt]))
    assert response.status_code == 200
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert "钛合金薄壁件" in rows[1] and "=1+1" in rows[1] and "好、坏" in rows[1]
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert "钛合金薄壁件" in rows[1] and "'=1+1" in rows[1]
    else:
        record = json.loads(response.content.decode())
        assert record["成果名称"] == f"钛合金{STORED}薄壁件"  # JSON holds any character exactly


def test_xlsx_export_of_everything_after_a_bad_record(tmp_path, stored_bad, university):
    Achievement.objects.create(title="正常成果", field="new_materials", summary="简介")
    assert export_file("achievements", tmp_path / "a.xlsx") == 2
