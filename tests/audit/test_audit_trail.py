from decimal import Decimal

from hardtech.audit.context import acting_as
from hardtech.audit.recorder import history


def test_changes_are_recorded_with_actor_and_diff(achievement, users):
    operator = users["operator"]
    with acting_as(operator, "web"):
        achievement.title = "新标题"
        achievement.price_max = Decimal("120.50")
        achievement.save()
    entry = history(achievement).first()
    assert entry.action == "update"
    assert entry.actor == operator and entry.channel == "web"
    assert entry.changes["title"] == ["高功率半导体激光器芯片封装技术", "新标题"]
    assert entry.changes["price_max"] == [None, "120.50"]


def test_creation_and_deletion_are_recorded(university):
    from hardtech.catalogue.models import Organisation

    org = Organisation.objects.create(name="临时机构", kind="service")
    pk = org.pk
    org.delete()
    org.pk = pk
    actions = [e.action for e in history(org)]
    assert actions == ["delete", "create"]


def test_passwords_never_reach_the_log(users):
    user = users["enterprise"]
    user.set_password("another-secret-1")
    user.save()
    assert all("password" not in e.changes for e in history(user))


def test_many_to_many_changes_are_recorded(achievement, other_university):
    achievement.organisations.add(other_university)
    entry = history(achievement).first()
    assert entry.changes == {"organisations": {"added": [other_university.pk]}}


def test_attachments_are_recorded_by_file_name(achievement, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hardtech.catalogue.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    attachment = Attachment.objects.create(achievement=achievement, file=upload, name="说明.pdf", size=13)
    entry = history(attachment).first()
    assert entry.changes["file"][1].endswith(".pdf")
