"""The "1+3" specialists a deal team starts with; a zone renames or adds its own in the admin."""

from django.db import migrations

ROLES = [("ip", "知识产权专员", 1), ("legal", "法务专员", 2), ("finance", "财务专员", 3)]


def add_roles(apps, schema_editor):
    TeamRole = apps.get_model("deals", "TeamRole")
    for code, label, order in ROLES:
        TeamRole.objects.get_or_create(code=code, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("deals", "0001_initial")]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
