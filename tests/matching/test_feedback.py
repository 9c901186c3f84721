"""Feedback on matches: JSON (session + CSRF, or token), the no-JS form, and the exports."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from hardtech.accounts.models import ApiToken, Role
from hardtech.matching.models import MatchFeedback

pytestmark = pytest.mark.django_db


def payload(demand, achievement, **extra) -> dict:
    return {
        "source_kind": "demands",
        "source_id": demand.pk,
        "target_kind": "achievements",
        "target_id": achievement.pk,
        "relevant": True,
        "score": 0.8,
        "rank": 1,
        **extra,
    }


def manager_marks(users, demand, achievement, **verdict) -> MatchFeedback:
    """The manager's verdict on an achievement shown for a demand."""
    return MatchFeedback.objects.create(
        user=users[Role.MANAGER],
        source_kind="demands",
        source_id=demand.pk,
        target_kind="achievements",
        target_id=achievement.pk,
        **verdict,
    )


def post(client: Client, body: dict, **headers):
    return client.post(
        "/api/match/feedback", json.dumps(body), content_type="application/json", headers=headers
    )


def test_session_post_needs_csrf(login, built, users, demand, achievement):
    client = Client(enforce_csrf_checks=True)
    login(client, users[Role.MANAGER])
    assert post(client, payload(demand, achievement)).status_code == 403
    client.get(f"/demands/{demand.pk}/")  # sets the CSRF cookie, as the page does for its script
    token = client.cookies["csrftoken"].value
    response = post(
        client,
        payload(demand, achievement, relevant=False, reason="too_early", note="还在实验室"),
        **{"X-CSRFToken": token},
    )
    assert response.status_code == 201
    row = MatchFeedback.objects.get()
    assert (row.user, row.relevant, row.reason, row.note, row.rank) == (
        users[Role.MANAGER],
        False,
        "too_early",
        "还在实验室",
        1,
    )
    assert row.score == pytest.approx(0.8)


def test_anonymous_cannot_post(client, built, demand, achievement):
    assert post(client, payload(demand, achievement)).status_code == 401


def test_token_post_and_unknown_target(client, built, users, demand, achievement):
    key = ApiToken.issue(users[Role.ENTERPRISE])[1]
    assert post(client, payload(demand, achievement), Authorization=f"Bearer {key}").status_code == 201
    bad = payload(demand, achievement, target_id=99999)
    assert post(client, bad, Authorization=f"Bearer {key}").status_code == 422
    hidden = payload(demand, achievement, source_kind="achievements", source_id=built["draft"].pk)
    assert post(client, hidden, Authorization=f"Bearer {key}").status_code == 404


def test_form_post_without_javascript(login, client, built, users, demand, achievement):
    login(client, users[Role.MANAGER])
    form = {**payload(demand, achievement, relevant="0", reason=""), "next": f"/demands/{demand.pk}/#m"}
    response = client.post("/api/match/feedback/form", form)
    assert response.status_code == 302 and response["Location"] == f"/demands/{demand.pk}/#m"
    row = MatchFeedback.objects.get()
    assert row.relevant is False and row.reason == "other"  # 不相关 without a chosen reason
    page = client.get(f"/demands/{demand.pk}/").content.decode()
    assert "已标记：不相关" in page


def test_exports(built, users, demand, achievement, tmp_path, capsys):
    manager_marks(users, demand, achievement, relevant=True)
    manager_marks(users, demand, built["battery"], relevant=False, reason="field_mismatch")
    call_command("export_feedback", str(tmp_path / "fb.jsonl"))
    rows = [json.loads(line) for line in (tmp_path / "fb.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["target_title"], r["relevant"], r["reason"]) for r in rows] == [
        (achievement.title, True, ""),
        ("锂离子电池硅碳负极材料", False, "领域不符"),
    ]
    assert rows[0]["source_title"] == demand.title and rows[0]["user"] == "manager"

    call_command("export_feedback", str(tmp_path / "fb.xlsx"))
    sheet = load_workbook(tmp_path / "fb.xlsx").active
    assert sheet["J1"].value == "相关" and sheet["J2"].value == "相关" and sheet["K3"].value == "领域不符"

    call_command("export_feedback", str(tmp_path / "bench"), "--bench")
    task = tmp_path / "bench" / "match-feedback"
    query = json.loads((task / "queries.jsonl").read_text(encoding="utf-8"))
    assert query["_id"] == f"demands:{demand.pk}" and demand.title in query["text"]
    assert (task / "qrels.tsv").read_text(encoding="utf-8").splitlines() == [
        "query_id\tdoc_id\tscore",
        f"demands:{demand.pk}\tachievements:{achievement.pk}\t1",
        f"demands:{demand.pk}\tachievements:{built['battery'].pk}\t0",
    ]
    catalogue = (tmp_path / "bench" / "catalogue.jsonl").read_text(encoding="utf-8")
    assert f'"_id": "achievements:{achievement.pk}"' in catalogue and "泵浦合束器" not in catalogue


def test_bench_scores_the_engine_on_exported_feedback(
    built, users, demand, achievement, tmp_path, monkeypatch, capsys
):
    from hardtech.engines.match import bench

    manager_marks(users, demand, achievement, relevant=True)
    call_command("export_feedback", str(tmp_path / "bench"), "--bench")
    monkeypatch.setattr(bench, "shared_dir", lambda: None)  # the dev split is not this test's business
    args = ["--feedback", str(tmp_path / "bench"), "--no-references", "--cache", str(tmp_path / "vectors")]
    assert bench.main(args) == 0
    out = capsys.readouterr().out
    assert "dev split skipped" in out and "users' feedback in" in out
    engine = next(line for line in out.splitlines() if line.startswith("engine "))
    assert engine.split()[1:4] == ["1.000", "1.000", "1.000"]  # the one relevant achievement ranks first


def test_bench_refuses_a_directory_without_feedback(tmp_path, capsys):
    from hardtech.engines.match import bench

    assert bench.main(["--feedback", str(tmp_path)]) == 2
    assert "holds no match-feedback/" in capsys.readouterr().out
