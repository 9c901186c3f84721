"""Attachments uploaded before content types were recorded: decide each one's type from its first bytes.

Their files keep their old (uploader-chosen) stored names: they are only ever served through the download
view, with the type set here. A file that is missing or not a PDF, PNG or JPEG stays application/octet-stream
(downloaded, never shown). Shown names lose control characters and folder parts as new uploads do.
"""

from django.db import migrations

from hardtech.core.uploads import display_name, sniff_file


def sniff_existing(apps, schema_editor) -> None:
    Attachment = apps.get_model("catalogue", "Attachment")
    for attachment in Attachment.objects.iterator():
        try:
            with attachment.file.open("rb") as handle:
                attachment.content_type = sniff_file(handle)
        except (FileNotFoundError, ValueError):
            pass
        attachment.name = display_name(attachment.name)
        attachment.save(update_fields=["content_type", "name"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_security_fields")]

    operations = [migrations.RunPython(sniff_existing, migrations.RunPython.noop)]
