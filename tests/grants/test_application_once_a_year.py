"""An article pays an applicant once a year: an article it already has in another standing application or offer
of the policy year is marked on the apply page, not preselected, refused when saved (naming the article) and
refused again at submit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hardtech.grants import applications as services
from support.grant_applications import PHONE, filled_application
from support.grant_awards import award
from support.grant_fixtures import open_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(operator, applicant):
    """Article 6 approved for the applicant in another call of the same policy year."""
    return award(operator, open_call(operator), applicant, {"6": "40.00"}, post=False)


def _save(user, app, articles):
    return services.save_application(
        user, app, summary="研发投入", contact_name="王经理", contact_phone=PHONE, articles=articles
    )


def test_marked_not_preselected_and_refused(client, applicant_user, call, applicant, elsewhere):
    client.force_login(applicant_user)
    page = client.get(reverse("grants:apply", args=[call.pk])).content.decode()
    assert "已在本年度其他申报或兑现中" in page
    app = services.start_application(applicant_user, call, applicant)
    chosen = set(app.items.values_list("article", flat=True))
    assert "6" not in chosen and chosen
    with pytest.raises(ValidationError) as refused:
        _save(applicant_user, app, ["6", "7"])
    assert "第6条" in str(refused.value) and "每年度只能享受一次" in str(refused.value)
    form = client.get(reverse("grants:application", args=[app.pk])).content.decode()
    assert "已在本年度其他申报或兑现中" in form


def test_submit_checks_again(operator, applicant_user, call, applicant):
    app = filled_application(applicant_user, call, applicant, ["7"])
    award(operator, open_call(operator), applicant, {"7": "10.00"}, post=False)  # meanwhile, elsewhere
    with pytest.raises(ValidationError) as refused:
        services.submit(applicant_user, app)
    assert "第7条" in str(refused.value)
