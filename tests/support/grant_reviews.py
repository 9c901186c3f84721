"""Applications through review, decision and notice, for the B tests (review, decisions, notices, objections):
built with the A2 services up to the formal check (support.grant_applications), then the decision services.

    app = decided(applicant_user, operator, call, applicant, {"6": "40.00"})   # 已审定（待公示）
    round_ = reviewed(operator, call, [app_a, app_b], {app_a.pk: 9, app_b.pk: 5})  # scored and closed
    notice = published(operator, call); ended(notice)                          # a notice whose period is over
"""

from datetime import timedelta
from decimal import Decimal

from hardtech.accounts.models import Role, User
from hardtech.catalogue.models import Organisation
from hardtech.core.workflow import run
from hardtech.grants import decisions, notices
from hardtech.grants.models import Application, ApplicationItem, Call, Notice
from hardtech.review import services as review
from hardtech.review.models import Round
from hardtech.review.workflow import ROUND
from support.grant_applications import checked_application
from support.grant_fixtures import qualifying_profile
from support.round_helpers import RUBRIC, panel

PASSWORD = "pass-1234"


def second_applicant(name: str = "丝路测试装备有限公司") -> tuple[Organisation, User]:
    """Another enterprise the sample policy pays 140.00 万元 for 2026, and its user."""
    org = Organisation.objects.create(name=name, kind="enterprise", province="陕西省")
    qualifying_profile(org)
    user = User.objects.create_user(
        f"user-{org.pk}", password=PASSWORD, role=Role.ENTERPRISE, organisation=org
    )
    return org, user


def item_of(app: Application, article: str) -> ApplicationItem:
    return ApplicationItem.objects.select_related("application__call", "application__applicant").get(
        application=app, article=article
    )


def decided(user, operator, call: Call, org: Organisation, amounts: dict[str, str]) -> Application:
    """Checked with the given (即申即享) articles, each approved at the amount given, and concluded."""
    app = checked_application(user, operator, call, org, articles=list(amounts))
    for article, amount in amounts.items():
        decisions.decide(
            operator, item_of(app, article), approve=True, amount=Decimal(amount), reason="符合条件"
        )
    return decisions.conclude(operator, app)


def reviewed(operator, call: Call, apps: list[Application], quality: dict[int, int]) -> Round:
    """The applications sent to a review round, scored by two reviewers (every criterion `quality[app.pk]`),
    and the round closed."""
    round_ = decisions.send_to_review(
        operator,
        call,
        apps,
        title="评审后兑现条款专家评审",
        reviewers_per_item=2,
        max_load=5,
        criteria=RUBRIC,
    )
    experts = panel(2)
    review.run_assignment(operator, round_)
    run(ROUND, "start_scoring", operator, Round.objects.get(pk=round_.pk))
    criteria = list(round_.criteria.all())
    for expert in experts:
        review.accept_pledge(expert.user, round_)
        for assignment in expert.review_assignments.filter(declined=False).select_related("item"):
            value = quality[assignment.item.object_id]
            review.save_score(
                expert.user,
                assignment,
                {str(c.pk): value for c in criteria},
                recommendation="yes",
                comment="研发投入真实，建议支持",
                submit=True,
            )
    run(ROUND, "close", operator, Round.objects.get(pk=round_.pk))
    return Round.objects.get(pk=round_.pk)


def published(operator, call: Call, days: int = 7) -> Notice:
    return notices.publish_notice(
        operator, call, title="2026年度拟支持名单公示", starts_on=notices.today(), days=days
    )


def ended(notice: Notice) -> Notice:
    """The notice as if its period had ended yesterday (its start moved back)."""
    Notice.objects.filter(pk=notice.pk).update(starts_on=notices.today() - timedelta(days=notice.days))
    return Notice.objects.get(pk=notice.pk)
