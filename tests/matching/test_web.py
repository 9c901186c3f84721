"""The 智能匹配 panel on detail pages and engine-ranked library search."""

import pytest
from django.urls import reverse

from hardtech.accounts.models import Role

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [str(obj) for obj in response.context["page"].object_list]


def test_demand_panel_explains_matches(client, built, demand, achievement, expert):
    html = client.get(reverse("demand_detail", args=[demand.pk])).content.decode()
    assert "可解决此需求的科技成果" in html and "可对接的专家" in html
    panel = html[html.index('id="match-panel"') :]
    assert f'href="/achievements/{achievement.pk}/"' in panel and f'href="/experts/{expert.pk}/"' in panel
    assert "该成果与需求在“" in panel and "，匹配可信度" in panel  # the sentence
    assert "<mark>激光器</mark>" in panel  # highlighted in the achievement's text and in the demand's
    assert "得分构成：关键词匹配" in panel and "领域✓" in panel
    assert "登录</a>后可反馈" in panel and "match-feedback" not in panel  # public: no feedback form
    assert "李经理" not in panel and "13800000000" not in panel


def test_achievement_and_expert_panels_show_demands(client, built, demand, achievement, expert, enterprise):
    for url in (
        reverse("achievement_detail", args=[achievement.pk]),
        reverse("expert_detail", args=[expert.pk]),
    ):
        panel = client.get(url).content.decode().split('id="match-panel"')[1]
        assert f'href="/demands/{demand.pk}/"' in panel and enterprise.name in panel


def test_panel_has_feedback_form_for_users(login, client, built, users, demand):
    login(client, users[Role.MANAGER])
    panel = (
        client.get(reverse("demand_detail", args=[demand.pk])).content.decode().split('id="match-panel"')[1]
    )
    assert 'class="match-feedback"' in panel and "csrfmiddlewaretoken" in panel
    assert "领域不符" in panel and "成熟度太低" in panel and "/static/matching/match.js" in panel


def test_panel_without_index(client, zone, demand):
    html = client.get(reverse("demand_detail", args=[demand.pk])).content.decode()
    assert "匹配索引尚未建立" in html


def test_panel_lists_only_published_targets(login, client, built, users, demand):
    draft = built["draft"]
    login(client, users[Role.OPERATOR])
    panel = (
        client.get(reverse("demand_detail", args=[demand.pk])).content.decode().split('id="match-panel"')[1]
    )
    assert f'href="/achievements/{draft.pk}/"' not in panel


@pytest.mark.parametrize("query", ["半导体激光器", "半導體雷射", "封裝 熱阻"])
def test_library_search_ranks_with_engine(client, built, achievement, query):
    response = client.get(reverse("achievement_list"), {"q": query})
    assert titles(response)[0] == achievement.title
    assert response.context["form"].fields["sort"].choices[0] == ("relevance", "相关度")


def test_library_search_traditional_demand_and_expert(client, built, demand, expert):
    assert titles(client.get(reverse("demand_list"), {"q": "散熱模組"}))[0] == demand.title
    assert titles(client.get(reverse("expert_list"), {"q": "雷射"}))[0] == str(expert)


def test_library_search_keeps_filters_and_explicit_sort(client, built, achievement):
    url = reverse("achievement_list")
    assert achievement.title not in titles(client.get(url, {"q": "激光器", "field": "new_energy"}))
    by_relevance = titles(client.get(url, {"q": "硅碳负极 激光器"}))
    by_title = titles(client.get(url, {"q": "硅碳负极 激光器", "sort": "title"}))
    assert len(by_title) == 2 and by_title == sorted(by_relevance)


def test_staff_still_find_unpublished_listings(login, client, built, users):
    login(client, users[Role.OPERATOR])
    assert built["draft"].title in titles(client.get(reverse("achievement_list"), {"q": "泵浦合束器"}))


def test_public_never_finds_drafts(client, built):
    assert built["draft"].title not in titles(client.get(reverse("achievement_list"), {"q": "泵浦合束器"}))


def test_library_search_ranks_records_with_every_term_first(client, built, achievement):
    """Ranked search returns records that match some of the words too, but those with all of them lead."""
    found = titles(client.get(reverse("achievement_list"), {"q": "激光器 负极材料"}))
    assert set(found[:2]) == {achievement.title, "锂离子电池硅碳负极材料"}
    found = titles(client.get(reverse("achievement_list"), {"q": "半导体激光器 封装"}))
    assert found[0] == achievement.title
