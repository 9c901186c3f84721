"""Imported organisations get their pinyin sort key (name_sort) as saved ones do: bulk writes skip save(), so
the importer derives it itself, on creation and on a rename."""

from hardtech.catalogue.models import Organisation
from hardtech.spreadsheets.importer import import_file


def test_imported_and_renamed_organisations_sort_by_pinyin(db, tmp_path):
    path = tmp_path / "o.csv"
    path.write_text(
        "编号,名称,类型\nO-1,重庆测试科技有限公司,企业\nO-2,西安测试科技有限公司,企业\n", encoding="utf-8"
    )
    assert import_file("organisations", path).created == 2
    # chong qing before xi an, although 重 (U+91CD) comes after 西 (U+897F) in code-point order
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "重庆测试科技有限公司",
        "西安测试科技有限公司",
    ]

    path.write_text("编号,名称,类型\nO-2,安康测试科技有限公司,企业\n", encoding="utf-8")
    assert import_file("organisations", path).changed == 1
    assert Organisation.objects.get(external_id="O-2").name_sort.startswith("an kang ce shi")
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "安康测试科技有限公司",
        "重庆测试科技有限公司",
    ]
