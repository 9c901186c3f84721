"""测算: what the policy engine gives an applicant for each open article of a call, on its 一企一档 as it stands —
the amount (the cap of what may be approved), the part the annual cap does not count, the explanation in Chinese
and the data still missing. An applicant without a profile on file is assessed on nothing: everything is
missing.

`assess` fills the pre-filled application; `reassess` refreshes an application's items when the data may have
changed (the formal check, before a decision, before an offer is approved) and says what moved (测算变化)."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hardtech.catalogue.models import Organisation
from hardtech.engines.policy import Explanation, exempt_amounts, explain
from hardtech.engines.policy.explain import STATUS, ArticleExplained
from hardtech.grants.choices import Decision, Mode
from hardtech.grants.models import Application, ApplicationItem, Call
from hardtech.policies.permissions import is_applicant
from hardtech.policies.views.profiles import profile_of
from hardtech.policies.views.running import policy_named

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ArticleAssessment:
    """One open article as the engine sees the applicant."""

    article: str
    title: str
    mode: str
    amount: Decimal
    exempt: Decimal
    status: str  # 符合 / 不符合 / 数据不全 / 不适用 …
    summary: str  # 支持 40.00万元 / 不符合：… / 数据不全，暂无法判断：缺少…
    explanation: str  # the engine's explanation of this article, line by line
    missing: tuple[str, ...]  # data to add to the 一企一档 (eligibility's included: without it nothing pays)

    @property
    def pays(self) -> bool:
        return self.amount > ZERO

    @property
    def mode_label(self) -> str:
        return Mode(self.mode).label

    @property
    def by_offer(self) -> bool:
        """免申即享: paid through an offer, never applied for."""
        return self.mode == Mode.NO_APPLICATION


@dataclass(frozen=True)
class Assessment:
    call: Call
    organisation: Organisation
    on_file: bool  # a profile is stored (else everything is missing)
    eligible: bool
    eligibility: tuple[str, ...]  # the engine's lines on the applicant itself (在本区注册 …)
    articles: tuple[ArticleAssessment, ...]
    notes: tuple[str, ...]  # the annual cap's note, when it cuts the total

    def article(self, number: str) -> ArticleAssessment | None:
        return next((a for a in self.articles if a.article == number), None)

    @property
    def applicable(self) -> tuple[ArticleAssessment, ...]:
        """The articles one applies for (all but 免申即享)."""
        return tuple(a for a in self.articles if not a.by_offer)

    @property
    def total(self) -> Decimal:
        return sum((a.amount for a in self.articles), ZERO)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m for a in self.articles for m in a.missing))


@dataclass(frozen=True)
class Change:
    """测算变化 of one item: the engine's amount before and after the data changed."""

    article: str
    title: str
    before: Decimal
    after: Decimal

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


def assess(call: Call, organisation: Organisation) -> Assessment:
    """The engine's view of `organisation` for each open article of `call` (in the call's order)."""
    if not is_applicant(organisation):
        raise ValidationError(f"{organisation.name} 不是本政策的申报主体类型")
    policy = policy_named(call.policy)
    stored = profile_of(organisation)
    profile = stored.to_profile()
    explanation = explain(policy, profile, call.year)
    exempt = exempt_amounts(policy, profile, call.year)
    by_number = {str(a.number): a for a in explanation.articles}
    eligibility_missing = [
        label
        for number, labels in explanation.result.missing.items()
        if number not in by_number
        for label in labels
    ]
    articles = []
    for open_article in call.articles.all():
        explained = by_number.get(open_article.article)
        amount = explanation.result.articles.get(open_article.article, ZERO)
        missing = eligibility_missing + (explained.missing if explained else [])
        articles.append(
            ArticleAssessment(
                article=open_article.article,
                title=open_article.title,
                mode=open_article.mode,
                amount=Decimal(amount).quantize(ZERO),
                exempt=Decimal(exempt.get(open_article.article, ZERO)).quantize(ZERO),
                status=STATUS.get(explained.status, explained.status) if explained else "不适用",
                summary=explained.summary if explained else "本政策无此条款",
                explanation=_article_text(explanation, explained) if explained else "",
                missing=tuple(dict.fromkeys(missing)),
            )
        )
    return Assessment(
        call=call,
        organisation=organisation,
        on_file=stored.pk is not None,
        eligible=explanation.eligible,
        eligibility=tuple(explanation.eligibility),
        articles=tuple(articles),
        notes=tuple(explanation.total_notes),
    )


def _article_text(explanation: Explanation, article: ArticleExplained) -> str:
    """The engine's text explanation of one article: its to_text() over that article alone, without the
    header line (applicant, year) and the closing total."""
    one = replace(explanation, eligibility=[], articles=[article], total_notes=[])
    return "\n".join(one.to_text().splitlines()[1:-1])


def refresh(item: ApplicationItem, found: ArticleAssessment | None, now) -> None:
    """Copy the engine's current view of the item's article onto it (unsaved)."""
    item.computed = found.amount if found else ZERO
    item.exempt = found.exempt if found else ZERO
    item.explanation = found.explanation if found else ""
    item.missing = list(found.missing) if found else []
    item.computed_at = now


REFRESHED = ["computed", "exempt", "explanation", "missing", "computed_at"]


def reassess(application: Application) -> list[Change]:
    """Re-evaluate every item of the application not yet decided on the applicant's data now; store the engine's
    amount, exempt part, explanation and missing data; return the items whose amount changed (before → after).

    A decided item keeps the figures its decision was checked against: the amount approved stays within them up
    to the ledger, so a later change of the applicant's data cannot leave a published notice unable to close."""
    result = assess(application.call, application.applicant)
    now = timezone.now()
    changes = []
    with transaction.atomic():
        items = list(
            ApplicationItem.objects.select_for_update().filter(
                application=application, decision=Decision.PENDING
            )
        )
        for item in items:
            before = item.computed
            refresh(item, result.article(item.article), now)
            if item.computed != before:
                changes.append(Change(item.article, item.title, before, item.computed))
        ApplicationItem.objects.bulk_update(items, REFRESHED)
    return changes
