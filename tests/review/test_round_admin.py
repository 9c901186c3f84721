"""The admin shows rounds and their assignments to the operator, read-only: writes go through the services."""

from django.urls import reverse

from hardtech.accounts.models import Role
from hardtech.review import services
from support.round_helpers import items, make_round, panel


def test_operator_reads_rounds_and_assignments_in_the_admin(client, users, university, enterprise):
    panel(2)
    round_ = make_round(users[Role.OPERATOR], items(university, enterprise, 1), k=2)
    services.run_assignment(users[Role.OPERATOR], round_)
    operator = users[Role.OPERATOR]
    operator.is_staff = True  # as the demo operator: the admin needs staff on top of the operator role
    operator.save()
    client.force_login(operator)
    for model in ("round", "rounditem", "assignment", "score", "pledge"):
        assert client.get(reverse(f"admin:review_{model}_changelist")).status_code == 200
    page = client.get(reverse("admin:review_round_change", args=[round_.pk])).content.decode()
    assert round_.title in page and "创新性" in page
    assert client.get(reverse("admin:review_round_add")).status_code == 403
