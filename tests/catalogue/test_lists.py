"""Lists typed as text (keywords): split the way Chinese users type them, and stored so they round-trip."""

import pytest

from hardtech.catalogue.lists import LIST_JOINER, split_list
from hardtech.catalogue.models import Expert


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("石墨烯、散热，涂层", ["石墨烯", "散热", "涂层"]),
        ("石墨烯; 散热\n涂层,", ["石墨烯", "散热", "涂层"]),
        (["石墨烯、散热", " 涂层 ", "石墨烯", ""], ["石墨烯", "散热", "涂层"]),
        (None, []),
        ("", []),
    ],
)
def test_split_list(value, expected):
    assert split_list(value) == expected


def test_stored_keywords_survive_joining_and_splitting_again(university):
    # an API client may send one item holding several; stored split, an export and re-import keep them
    expert = Expert.objects.create(
        name="任老师", organisation=university, keywords=["宽禁带、半导体", "封装"]
    )
    expert.refresh_from_db()
    assert expert.keywords == ["宽禁带", "半导体", "封装"]
    assert split_list(LIST_JOINER.join(expert.keywords)) == expert.keywords
