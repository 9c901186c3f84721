"""A small catalogue to export and re-import: two organisations, achievements, a demand, an expert."""

from decimal import Decimal

import pytest

from hardtech.catalogue.models import Achievement


@pytest.fixture
def catalogue(university, enterprise, achievement, demand, expert):
    priced = Achievement.objects.create(
        external_id="ACH-X-1",
        title="钛合金薄壁件激光增材制造工艺",
        field="advanced_manufacturing",
        summary="面向航空薄壁结构件的激光增材制造与热处理工艺。",
        keywords=["增材制造", "钛合金"],
        completers=["赵工", "钱工"],
        maturity="lab_trial",
        tech_level="domestic_leading",
        patents=["CN202223220665.2"],
        transfer_modes=["assignment", "equity"],
        price_min=Decimal("12.30"),
        price_max=Decimal("80"),
        status="pending",
        source="测试",
    )
    priced.organisations.add(university, enterprise)
    return {"university": university, "enterprise": enterprise, "achievement": achievement, "priced": priced}
