from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.db.models import F

import hardtech.accounts.models


def expire_from_creation(apps, schema_editor):
    """Tokens issued before expiry existed count their lifetime from when they were issued."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    lifetime = timedelta(days=settings.HARDTECH_TOKEN_DAYS)
    ApiToken.objects.update(expires_at=F("created_at") + lifetime)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(
                default=hardtech.accounts.models.default_token_expiry, verbose_name="有效期至"
            ),
        ),
        migrations.RunPython(expire_from_creation, migrations.RunPython.noop),
    ]
