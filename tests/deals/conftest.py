"""Fixtures of the deals tests: a deal between the test university's achievement and the test enterprise's
demand, led by the test manager."""

import pytest

from hardtech.deals import services


@pytest.fixture
def deal(users, achievement, demand):
    return services.open_deal(
        users["manager"], title="激光器芯片封装技术转让", achievements=[achievement], demands=[demand]
    )
