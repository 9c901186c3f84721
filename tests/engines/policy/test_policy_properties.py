"""Property tests: monotone in the bases, caps never exceeded, excluded applicants get nothing, order-free."""

import random
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hardtech.engines.policy import evaluate, evaluate_reference, load_policy
from hardtech.engines.policy.generate import profile as generated

SAMPLE = load_policy("sample")
YEARS = st.sampled_from([2024, 2025, 2026])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def applicants(draw, most=12):
    year = draw(YEARS)
    rng = random.Random(draw(st.integers(0, 2**32)))
    return [generated(rng, i, year) for i in range(draw(st.integers(1, most)))], year


def money(lo=0, hi=20000):
    return st.decimals(lo, hi, places=2).map(float)


@SETTINGS
@given(applicants())
def test_vectorised_equals_reference(data):
    profiles, year = data
    assert evaluate(SAMPLE, profiles, year) == evaluate_reference(SAMPLE, profiles, year)


@SETTINGS
@given(applicants(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_order(data, rnd):
    profiles, year = data
    before = {r.id: r for r in evaluate(SAMPLE, profiles, year)}
    shuffled = profiles[:]
    rnd.shuffle(shuffled)
    assert {r.id: r for r in evaluate(SAMPLE, shuffled, year)} == before


@SETTINGS
@given(applicants())
def test_no_cap_is_ever_exceeded(data):
    profiles, year = data
    cap = SAMPLE.annual_cap
    for r in evaluate(SAMPLE, profiles, year):
        for a in SAMPLE.paying_articles:
            amount = r.articles.get(str(a.number), Decimal(0))
            item_caps = [i.cap for i in a.items]
            if a.cap is not None:
                assert amount <= a.cap
            if None not in item_caps:
                assert amount <= sum(item_caps)  # type: ignore[arg-type]
        exempt = sum((r.articles.get(k.split(".")[0], Decimal(0)) for k in cap.exempt), Decimal(0))
        assert r.total - exempt <= cap.amount
        assert r.total <= sum(r.articles.values(), Decimal(0))


@SETTINGS
@given(applicants(), st.sampled_from(["registered_in_zone", "tax_in_zone", "serious_dishonesty", "year"]))
def test_excluded_applicants_get_nothing(data, reason):
    profiles, year = data
    if reason == "year":
        year = random.choice([2022, 2023, 2027, 2030])
    else:
        profiles = [p | {reason: reason == "serious_dishonesty"} for p in profiles]
    for r in evaluate(SAMPLE, profiles, year):
        assert (r.eligible, r.articles, r.total) == (False, {}, Decimal(0))
        assert r.ready == ()


@SETTINGS
@given(applicants())
def test_articles_only_pay_their_kinds(data):
    profiles, year = data
    for p, r in zip(profiles, evaluate(SAMPLE, profiles, year), strict=True):
        for number in r.articles:
            kinds = SAMPLE.article(int(number)).kinds
            assert kinds is None or p["kind"] in kinds


@SETTINGS
@given(applicants(4), money(), money(0, 5000), st.integers(0, 3))
def test_raising_a_base_never_lowers_an_amount(data, rd_more, paid_more, which):
    profiles, year = data
    raised = []
    for p in profiles:
        q = {
            **p,
            "rd_expense": dict(p.get("rd_expense") or {}),
            "contracts": [dict(c) for c in p.get("contracts") or []],
            "investments": [dict(i) for i in p.get("investments") or []],
        }
        key = str(year - 1)
        if which == 0 and key in q["rd_expense"]:
            q["rd_expense"][key] = float(Decimal(str(q["rd_expense"][key])) + Decimal(str(rd_more)))
        if which == 1 and q["contracts"]:
            c = q["contracts"][0]
            c["paid_amount"] = float(Decimal(str(c["paid_amount"])) + Decimal(str(paid_more)))
        if which == 2 and q["investments"]:
            i = q["investments"][0]
            i["amount"] = float(Decimal(str(i["amount"])) + Decimal(str(paid_more)))
        raised.append(q)
    for low, high in zip(evaluate(SAMPLE, profiles, year), evaluate(SAMPLE, raised, year), strict=True):
        assert high.total >= low.total
        for number in ("8", "9", "11", "14"):
            assert high.articles.get(number, Decimal(0)) >= low.articles.get(number, Decimal(0))
