"""Organisations saved before the pinyin sort key existed: fill `name_sort` from each name (Organisation.save
fills it from now on; bulk writers call `hardtech.core.pinyin.sort_key` themselves)."""

from django.db import migrations

from hardtech.core.pinyin import sort_key

BATCH = 1000


def fill_name_sort(apps, schema_editor) -> None:
    Organisation = apps.get_model("catalogue", "Organisation")
    max_length = Organisation._meta.get_field("name_sort").max_length
    batch = []
    for org in Organisation.objects.only("pk", "name").iterator(chunk_size=BATCH):
        org.name_sort = sort_key(org.name, max_length)
        batch.append(org)
        if len(batch) == BATCH:
            Organisation.objects.bulk_update(batch, ["name_sort"])
            batch = []
    Organisation.objects.bulk_update(batch, ["name_sort"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_revision_and_pinyin_sort")]

    operations = [
        migrations.RunPython(fill_name_sort, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="organisation",
            options={"ordering": ["name_sort"], "verbose_name": "机构", "verbose_name_plural": "机构"},
        ),
    ]
