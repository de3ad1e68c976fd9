"""Property tests over the real policies (hypothesis)."""

import datetime as dt
import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator import evaluate
from calculator._standards import INDUSTRIES, REGIONS
from calculator.amounts import potential_max
from calculator.vocabulary import EVENT_TYPES, FACTS

BOOL_FACTS = [k for k, v in FACTS.items() if v[0] == "bool"]
EVENT_KIND_TYPES = [(k, t) for k, ts in EVENT_TYPES.items() for t in ts]
dates = st.dates(dt.date(2012, 1, 1), dt.date(2024, 12, 31))
money = st.integers(0, 10**9)


@st.composite
def events(draw):
    kind, type_ = draw(st.sampled_from(EVENT_KIND_TYPES))
    e = {"kind": kind, "type": type_, "date": draw(dates).isoformat()}
    if draw(st.booleans()):
        e["level"] = draw(st.sampled_from(["national", "province", "city", "county"]))
    if type_ == "itss" or draw(st.booleans()):
        e["grade"] = draw(st.integers(1, 3))
    for f in ("amount", "interest"):
        if draw(st.booleans()):
            e[f] = draw(money)
    if kind == "hire":
        e["count"] = draw(st.integers(0, 50))
        e["months"] = draw(st.integers(0, 48))
    return e


@st.composite
def profiles(draw):
    p = {
        "region": draw(st.sampled_from(sorted(REGIONS))),
        "entity_kind": draw(st.sampled_from(["enterprise", "individual_business"])),
        "industry": draw(st.sampled_from(sorted(INDUSTRIES))),
        "registration_date": draw(dates).isoformat(),
        "employees": draw(st.integers(0, 3000)),
        "revenue": draw(money), "assets": draw(money),
        "main_business_revenue": draw(money), "prior_max_main_business_revenue": draw(money),
        "revenue_growth_pct": str(draw(st.integers(-50, 200))), "profit_margin_pct": str(draw(st.integers(-50, 60))),
        "events": draw(st.lists(events(), max_size=8)),
        "answered": draw(st.sampled_from([["*"], [], ["listing", "recognition"]])),
    }
    for f in BOOL_FACTS:
        if draw(st.booleans()):
            p[f] = draw(st.booleans())
    drop = draw(st.sets(st.sampled_from(sorted(p)), max_size=4))
    return {k: v for k, v in p.items() if k not in drop}


as_of_dates = st.dates(dt.date(2015, 1, 1), dt.date(2026, 12, 31))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(profiles(), as_of_dates)
def test_amounts_never_negative_nor_above_cap(policies, profile, as_of):
    res = evaluate(profile, policies, as_of)
    for r in res["results"]:
        for key in ("min", "max"):
            if key in r["amount"]:
                assert Decimal(r["amount"][key]) >= 0
        if r["status"] == "eligible" and "max" in r["amount"]:
            spec = policies.by_id[r["rule_id"]][2]["amount"]
            cap = potential_max(spec)
            if cap is not None and spec["kind"] != "percent" or (spec["kind"] == "percent" and "cap" in spec):
                assert Decimal(r["amount"]["max"]) <= cap
    for t in res["totals"].values():
        assert Decimal(t["exact"]) >= 0 and Decimal(t["up_to"]) >= 0


@SETTINGS
@given(profiles(), as_of_dates)
def test_evaluation_is_deterministic(policies, profile, as_of):
    a = json.dumps(evaluate(profile, policies, as_of), ensure_ascii=False, sort_keys=True)
    b = json.dumps(evaluate(json.loads(json.dumps(profile)), policies, as_of), ensure_ascii=False, sort_keys=True)
    assert a == b


@SETTINGS
@given(profiles(), as_of_dates, st.data())
def test_removing_facts_never_flips_a_decided_status(policies, profile, as_of, data):
    before = {r["rule_id"]: r["status"] for r in evaluate(profile, policies, as_of)["results"]}
    scalars = [k for k in profile if k not in ("events", "answered")]
    removed = data.draw(st.sets(st.sampled_from(scalars), min_size=1) if scalars else st.just(set()))
    reduced = {k: v for k, v in profile.items() if k not in removed}
    if data.draw(st.booleans()):       # forget the "I have listed everything" marks, and maybe some events
        reduced["answered"] = []
        reduced["events"] = [e for e in profile.get("events", []) if data.draw(st.booleans())]
    after = {r["rule_id"]: r["status"] for r in evaluate(reduced, policies, as_of)["results"]}
    for rule, status in before.items():
        assert after[rule] in (status, "unknown"), (rule, status, after[rule], removed)


@SETTINGS
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.floats(allow_nan=True),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.sampled_from(sorted(FACTS) + ["events", "x"]), c, max_size=5),
                    max_leaves=12))
def test_any_json_either_evaluates_or_raises_the_documented_error(policies, value):
    from calculator import ProfileError
    try:
        evaluate(value if isinstance(value, dict) else {"events": value}, policies, "2022-01-01")
    except ProfileError as exc:
        assert exc.issues and all(i.message for i in exc.issues)


@SETTINGS
@given(st.one_of(st.text(max_size=200), st.binary(max_size=100).map(lambda b: b.decode("latin-1")),
                 st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=6),
                              lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                              max_leaves=10).map(json.dumps)),
       st.one_of(st.none(), st.text(max_size=12), st.just("2022-06-30")))
def test_json_entry_point_never_raises(policies, text, as_of):
    """The browser's entry point: any text in, a `result` or a documented `error` out."""
    from calculator import bridge
    bridge._policies = policies
    out = json.loads(bridge.evaluate_json(text, as_of))
    assert out["type"] in ("result", "error")
    if out["type"] == "error":
        assert out["code"] in ("invalid_profile", "calculator_error") and out["issues"]


@SETTINGS
@given(profiles(), as_of_dates)
def test_batch_form_agrees_with_the_full_form(policies, profile, as_of):
    """detail=False (the batch matcher's fast path) gives the same statuses, amounts and missing facts."""
    full_result = evaluate(profile, policies, as_of)
    full = {r["rule_id"]: r for r in full_result["results"]}
    lean = evaluate(profile, policies, as_of, detail=False)
    assert len(lean["results"]) == len(full)
    for r in lean["results"]:
        f = full[r["rule_id"]]
        assert (r["status"], r["amount"], r["missing"], r.get("excluded_by")) == \
            (f["status"], f["amount"], f["missing"], f.get("excluded_by"))
    assert lean["totals"] == full_result["totals"]
