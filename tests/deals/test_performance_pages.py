"""The performance pages: the operator's ranking (period, sort, links to the deals behind, Excel export), a
manager's own figures, refusals for everyone else, and a query count that does not grow with the deals."""

import random
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hardtech.accounts.models import Role, User
from hardtech.deals import bench
from hardtech.deals import performance as perf
from hardtech.deals.choices import Stage
from hardtech.deals.models import Deal


@pytest.fixture
def world(users, enterprise, university):
    managers = [users[Role.MANAGER], User.objects.create(username="m2", role=Role.MANAGER, display_name="乙")]
    from hardtech.deals.models import TeamRole

    role, _ = TeamRole.objects.get_or_create(code="ip", defaults={"label": "知识产权"})
    return {
        "operator": users[Role.OPERATOR],
        "managers": managers,
        "buyers": [enterprise],
        "sellers": [university],
        "role": role,
    }


def _client(client, user):
    client.force_login(user)
    return client


def test_operator_sees_the_ranking_with_links_behind_each_figure(client, users, world):
    bench.generate(30, world, random.Random(1))
    response = _client(client, users[Role.OPERATOR]).get(reverse("deals:performance"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "技术经理人绩效" in html and "背后的项目清单" in html
    assert str(users[Role.MANAGER]) in html and "乙" in html
    # Each figure links to a deal list: the deal pages' list where it exists, ours otherwise.
    assert reverse("deals:performance_deals") + "?basis=contract" in html
    try:
        assert reverse("deals:list") + f"?lead={users[Role.MANAGER].pk}" in html
    except Exception:  # the deal pages' list not built: the ranking links to its own list
        assert reverse("deals:performance_deals") + "?basis=opened" in html
    assert "<script" not in html.split("</header>")[1] and " style=" not in html


def test_sort_and_period(client, users, world):
    bench.generate(30, world, random.Random(2))
    c = _client(client, users[Role.OPERATOR])
    for key in ("opened", "technology_amount", "rating_buyer", f"stage_{Stage.ENDED}"):
        for direction in ("asc", "desc"):
            response = c.get(reverse("deals:performance"), {"sort": key, "dir": direction})
            assert response.status_code == 200
            # The period form keeps the sort.
            assert f'name="sort" value="{key}"' in response.content.decode()
    response = c.get(
        reverse("deals:performance"), {"start": "2030-01-01", "end": "2030-12-31", "scope": "team"}
    )
    assert response.status_code == 200 and "2030-01-01 至 2030-12-31" in response.content.decode()
    bad = c.get(reverse("deals:performance"), {"start": "2030-02-01", "end": "2030-01-01"})
    assert bad.status_code == 200 and "起始日期不能晚于截止日期" in bad.content.decode()


def test_manager_sees_only_their_own_figures(client, users, world):
    bench.generate(30, world, random.Random(3))
    me, other = world["managers"]
    c = _client(client, me)
    assert c.get(reverse("deals:performance")).status_code == 403
    assert c.get(reverse("deals:performance_export")).status_code == 403
    mine = c.get(reverse("deals:performance_mine"))
    assert mine.status_code == 200 and "我的绩效" in mine.content.decode()
    assert c.get(reverse("deals:performance_manager", args=[me.pk])).status_code == 200
    assert c.get(reverse("deals:performance_manager", args=[other.pk])).status_code == 403
    behind = reverse("deals:performance_deals")
    assert c.get(behind, {"lead": other.pk}).status_code == 403
    own = c.get(behind, {"basis": "opened", "start": "2000-01-01", "end": "2100-01-01"})
    assert own.status_code == 200
    assert own.context["page"].paginator.count == Deal.objects.filter(lead=me).count()


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.INSTITUTION, Role.EXPERT, Role.REGISTRAR])
def test_others_are_refused(client, users, role):
    c = _client(client, users[role])
    for name in (
        "deals:performance",
        "deals:performance_mine",
        "deals:performance_export",
        "deals:performance_deals",
    ):
        assert c.get(reverse(name)).status_code == 403, name
    assert c.get(reverse("deals:performance_manager", args=[users[Role.MANAGER].pk])).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(reverse("deals:performance")).status_code == 302


def test_operator_reads_one_manager_and_the_deals_behind(client, users, world):
    bench.generate(40, world, random.Random(4))
    me = world["managers"][0]
    c = _client(client, users[Role.OPERATOR])
    page = c.get(
        reverse("deals:performance_manager", args=[me.pk]), {"start": "2000-01-01", "end": "2100-12-31"}
    )
    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures.opened == Deal.objects.filter(lead=me).count()
    assert c.get(reverse("deals:performance_mine")).status_code == 302  # the operator's place is the ranking
    behind = c.get(
        reverse("deals:performance_deals"),
        {
            "basis": "reached",
            "stage": Stage.NEGOTIATING,
            "lead": me.pk,
            "start": "2000-01-01",
            "end": "2100-12-31",
        },
    )
    assert behind.context["page"].paginator.count == figures.reached[Stage.NEGOTIATING]


def test_export_is_an_xlsx_with_text_cells_never_formulas(client, users, world):
    world["managers"][1].display_name = "=HYPERLINK(1)"
    world["managers"][1].save()
    bench.generate(20, world, random.Random(5))
    response = _client(client, users[Role.OPERATOR]).get(reverse("deals:performance_export"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A2"].value == "技术经理人" and sheet["E2"].value == "洽谈"
    names = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=1) for r in range(3, sheet.max_row + 1)
    }
    assert names["=HYPERLINK(1)"].data_type == "s"


def test_query_count_does_not_grow_with_the_deals(client, users, world):
    c = _client(client, users[Role.OPERATOR])
    me = world["managers"][0]
    pages = [
        (reverse("deals:performance"), {"scope": "team"}),
        (reverse("deals:performance"), {}),
        (reverse("deals:performance_manager", args=[me.pk]), {"scope": "team"}),
        (reverse("deals:performance_deals"), {"basis": "contract", "lead": me.pk}),
    ]
    rng = random.Random(6)
    counts = []
    for n in (40, 160):
        bench.generate(n, world, rng, start=Deal.objects.count())
        row = []
        for url, params in pages:
            with CaptureQueriesContext(connection) as queries:
                assert c.get(url, params).status_code == 200
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]
    assert max(counts[1]) <= 25


def test_the_deal_list_behind_a_figure_shows_as_many_deals(client, users, world):
    """The ranking's links to the deal pages' list (lead, stage, opened_from, opened_to) count the same deals."""
    from django.urls import NoReverseMatch

    try:
        reverse("deals:list")
    except NoReverseMatch:
        pytest.skip("the deal pages' list is not built")
    bench.generate(60, world, random.Random(7))
    c = _client(client, users[Role.OPERATOR])
    period = {"start": "2020-01-01", "end": "2100-12-31"}
    rows = {r["manager"].pk: r for r in c.get(reverse("deals:performance"), period).context["rows"]}
    figures = {
        r.manager.pk: r.figures for r in perf.ranking(perf.Period(date(2020, 1, 1), date(2100, 12, 31)))
    }
    for pk, row in rows.items():
        for (shown, url, _), column in zip(row["cells"], perf.COLUMNS, strict=True):
            if column.basis != "opened":
                continue
            assert url.startswith(reverse("deals:list"))
            assert str(c.get(url).context["page"].paginator.count) == shown == str(column.value(figures[pk]))
