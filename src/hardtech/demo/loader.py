"""Load the sample zone into the catalogue: organisations, achievements, demands, experts and demo users.

Every record has a DEMO-… external id and is_sample=True, and is validated with full_clean before it is saved;
re-running updates the same records (audited like any other change) instead of adding new ones.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from hardtech.accounts import grants
from hardtech.accounts.models import Role, User
from hardtech.accounts.scopes import ORGANISATION_ADMIN
from hardtech.catalogue.models import Achievement, Demand, Expert, Organisation
from hardtech.deals.demo import load_accounts as load_deal_accounts
from hardtech.demo import compose
from hardtech.messaging.demo import load_conversation
from hardtech.notifications.demo import load_notifications
from hardtech.policies.permissions import PROFILE_READER
from hardtech.review.demo import load_round

DEMO_PASSWORD = "hardtech-demo"
ORG_PREFIX = "DEMO-ORG-"


@dataclass
class DemoReport:
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, role label, organisation
    reused: list[str] = field(default_factory=list)  # organisations that existed before, left as they were


def _save(model, external_id: str, values: dict, create_only: dict | None = None):
    """Update or create by external id, validating first (credit codes, patent numbers, choices)."""
    obj = model.objects.filter(external_id=external_id).first() or model(
        external_id=external_id, **(create_only or {})
    )
    many = {k: values.pop(k) for k in list(values) if k in {f.name for f in model._meta.many_to_many}}
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=list(many))
    obj.save()
    for name, value in many.items():
        getattr(obj, name).set(value)
    return obj


def _organisations(report: DemoReport) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for spec in compose.read_yaml("organisations.yaml"):
        key, external_id = spec["key"], ORG_PREFIX + spec["key"]
        existing = Organisation.objects.filter(name=spec["name"]).exclude(external_id=external_id).first()
        if existing:
            # A real organisation of the same name (say, from the public data) stays real: no sample flag.
            orgs[key] = existing
            report.reused.append(existing.name)
            continue
        values = {
            "name": spec["name"],
            "kind": spec["kind"],
            "province": "陕西省",
            "city": "西安市",
            "district": spec.get("district", ""),
            "moe_code": spec.get("moe_code", ""),
            "credit_code": compose.credit_code(spec["credit_base"]) if "credit_base" in spec else None,
            "parent": orgs[spec["parent"]] if "parent" in spec else None,
            "industry_tags": spec.get("industry_tags", []),
            "description": spec.get("description", ""),
            "is_sample": True,
        }
        orgs[key] = _save(Organisation, external_id, values)
    return orgs


def _users(orgs: dict[str, Organisation]) -> dict[str, User]:
    """The demo accounts by username; expert accounts get their organisation when linked to a profile."""
    users = {}
    for spec in compose.read_yaml("people.yaml")["users"]:
        user = User.objects.filter(username=spec["username"]).first() or User(username=spec["username"])
        user.role, user.display_name = spec["role"], spec["display_name"]
        user.organisation = orgs[spec["organisation"]] if "organisation" in spec else user.organisation
        user.is_active, user.is_staff = True, spec["role"] == Role.OPERATOR
        # Reset whenever changed, so the printed demo password always works; it meets the password rules like
        # any other, and an unchanged one is left alone (setting it again would revoke the user's API tokens).
        if not user.check_password(DEMO_PASSWORD):
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
        user.save()
        # Scoped roles: each demo institution and enterprise account administers its organisation; the
        # manager reads the profile of the enterprise whose deal it handles.
        if spec.get("admin"):
            grants.grant(user, ORGANISATION_ADMIN, user.organisation, by=None)
        for key in spec.get("reads_profiles", []):
            grants.grant(user, PROFILE_READER, orgs[key], by=None)
        users[user.username] = user
    return users


def _link_experts(users: dict[str, User], experts: dict[str, Expert]) -> None:
    for spec in compose.read_yaml("people.yaml")["users"]:
        if "expert" not in spec:
            continue
        user, expert = users[spec["username"]], experts[spec["expert"]]
        Expert.objects.filter(user=user).exclude(pk=expert.pk).update(user=None)
        expert.user = user
        expert.save()
        user.organisation = expert.organisation
        user.save()


def _account(users: dict[str, User], role: str, organisation_ids: set[int | None]) -> User | None:
    """The demo account of this role in one of these organisations: the creator of their listings."""
    return next((u for u in users.values() if u.role == role and u.organisation_id in organisation_ids), None)


def _dates(status: str, days_ago: int) -> dict:
    """Dates set on creation only: publication dates spread over the past months, kept on re-runs."""
    now = timezone.now()
    if status == "published":
        return {"published_at": now - timedelta(days=days_ago)}
    if status == "pending":
        return {"submitted_at": now - timedelta(days=days_ago % 7)}
    return {}


def _listings(
    orgs: dict[str, Organisation], users: dict[str, User]
) -> tuple[dict[str, list[Achievement]], int]:
    by_topic: dict[str, list[Achievement]] = {}
    index = demands = 0
    for topic in compose.topics():
        for number in range(len(topic.achievements)):
            owner = orgs[topic.owners[number % len(topic.owners)]]
            values = compose.achievement(topic, number, index, owner.name)
            values["organisations"] = [owner]
            # A lab's listings are created by its university's account.
            values["created_by"] = _account(users, Role.INSTITUTION, {owner.pk, owner.parent_id})
            create_only = _dates(values["status"], (index * 7) % 240 + 1)
            by_topic.setdefault(topic.key, []).append(
                _save(Achievement, values["external_id"], values, create_only)
            )
            index += 1
        for number, seed in enumerate(topic.demands):
            enterprise = orgs[seed.enterprise]
            values = compose.demand(topic, number, demands, enterprise.name)
            values |= {
                "enterprise": enterprise,
                "province": enterprise.province,
                "city": enterprise.city,
                "district": enterprise.district,
            }
            values["created_by"] = _account(users, Role.ENTERPRISE, {enterprise.pk})
            create_only = _dates(values["status"], (demands * 11) % 200 + 1)
            create_only["valid_until"] = timezone.localdate() + timedelta(days=120 + (demands * 13) % 240)
            _save(Demand, values["external_id"], values, create_only)
            demands += 1
    return by_topic, demands


def _experts(orgs: dict[str, Organisation], achievements: dict[str, list[Achievement]]) -> dict[str, Expert]:
    topics = {t.key: t for t in compose.topics()}
    experts = {}
    for number, spec in enumerate(compose.read_yaml("people.yaml")["experts"], start=1):
        topic = topics[spec["topic"]]
        organisation = orgs[spec.get("organisation", topic.owners[0])]
        rng = compose.rng_for(f"DEMO-EXP-{number}")
        related = [a for a in achievements[topic.key] if organisation in a.organisations.all()]
        values = {
            "name": spec["name"],
            "title": spec["title"],
            "organisation": organisation,
            "fields": [topic.field],
            "keywords": topic.keywords[:4],
            "bio": compose.expert_bio(topic, spec["name"], spec["title"], organisation.name),
            "contact_phone": f"139{rng.randint(0, 99_999_999):08d}",
            "contact_email": f"expert{number:02d}@example.com",
            "is_sample": True,
            "achievements": related or achievements[topic.key][:2],
        }
        experts[spec["name"]] = _save(Expert, f"DEMO-EXP-{number}", values)
    return experts


@transaction.atomic
def load_demo() -> DemoReport:
    report = DemoReport()
    orgs = _organisations(report)
    # Users before listings, so listings get a creator; expert accounts are linked once the experts exist.
    users = _users(orgs)
    achievements, demands = _listings(orgs, users)
    experts = _experts(orgs, achievements)
    _link_experts(users, experts)
    # An inbox and a conversation, so that those pages are not empty on a fresh install.
    load_notifications(users)
    load_conversation(users)
    load_round(users)  # a review round assigned to the demo experts
    load_deal_accounts(users)  # more managers and the registrar (the deals follow the 一企一档 profiles)
    report.logins = [
        (u.username, u.role_label, u.organisation.name if u.organisation else "") for u in users.values()
    ]
    report.counts = {
        "机构": len(orgs),
        "科技成果": sum(len(items) for items in achievements.values()),
        "技术需求": demands,
        "专家": len(experts),
    }
    return report
