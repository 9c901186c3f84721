"""The operator reminds the experts who have not submitted: one notification each, naming how many items wait;
those who submitted everything hear nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.core.workflow import run
from hardtech.notifications.models import Notification
from hardtech.review import services
from hardtech.review.models import Assignment
from hardtech.review.workflow import ROUND
from support.round_helpers import items, make_round, panel


def test_only_experts_with_unsubmitted_scores_are_reminded(client, users, university, enterprise):
    operator = users[Role.OPERATOR]
    panel(2)
    round_ = make_round(operator, items(university, enterprise, 1), k=2)
    services.run_assignment(operator, round_)
    with pytest.raises(ValidationError, match="只有评审中的轮次可以发送提醒"):
        services.remind(operator, round_)
    round_.refresh_from_db()
    run(ROUND, "start_scoring", operator, round_)
    done, waiting = Assignment.objects.select_related("expert__user")
    services.accept_pledge(done.expert.user, round_)
    keys = [str(c.pk) for c in round_.criteria.all()]
    services.save_score(done.expert.user, done, dict.fromkeys(keys, 5), "no", submit=True)

    client.force_login(operator)
    response = client.post(reverse("review:round_remind", args=[round_.pk]), follow=True)

    assert "已提醒 1 位尚未提交评分的专家" in response.content.decode()
    [reminder] = Notification.objects.filter(kind="review.reminder")
    assert reminder.recipient == waiting.expert.user and "还有 1 项评分未提交" in reminder.title
