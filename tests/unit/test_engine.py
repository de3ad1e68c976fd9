"""Engine semantics: amount kinds, three-valued logic, date windows, stacking, missing facts."""

import pytest

from calculator import ProfileError, evaluate

from .helpers import BASE, make_policies, result_of


def ev(kind, type_, date, **kw):
    return {"kind": kind, "type": type_, "date": date, **kw}


# --- amounts -----------------------------------------------------------------

def test_fixed_amount():
    p = make_policies({"amount": {"kind": "fixed", "value": 100000}})
    r, res = result_of(p, BASE)
    assert r["status"] == "eligible" and r["amount"] == {"kind": "exact", "text": "10万元", "min": "100000", "max": "100000"}
    assert res["totals"]["city"]["exact"] == "100000"


def test_up_to_is_a_range_not_a_sum():
    p = make_policies({"amount": {"kind": "up_to", "max": 200000}})
    r, res = result_of(p, BASE)
    assert r["amount"]["kind"] == "range" and r["amount"]["min"] == "0" and r["amount"]["max"] == "200000"
    assert res["totals"]["overall"]["exact"] == "0" and res["totals"]["overall"]["up_to"] == "200000"


def test_percent_with_cap_each_and_rounding_to_fen():
    spec = {"kind": "percent", "rate": "3", "base": {"events": {"kind": "transaction", "type": "tech_bought_external"}}, "cap_each": 50000}
    p = make_policies({"amount": spec})
    prof = {**BASE, "events": [ev("transaction", "tech_bought_external", "2021-01-01", amount=1_666_667),
                               ev("transaction", "tech_bought_external", "2021-02-01", amount=123_457)]}
    r, _ = result_of(p, prof)
    # 1,666,667 × 3% = 50,000.01 → capped at 50,000; 123,457 × 3% = 3,703.71
    assert r["amount"]["min"] == "53703.71"


def test_percent_cap_per_year():
    spec = {"kind": "percent", "rate": "20", "base": {"events": {"kind": "transaction", "type": "ip_bought"}},
            "cap_per_year": 2_000_000, "up_to": True}
    p = make_policies({"amount": spec})
    prof = {**BASE, "events": [ev("transaction", "ip_bought", "2021-03-01", amount=8_000_000),
                               ev("transaction", "ip_bought", "2021-09-01", amount=8_000_000),
                               ev("transaction", "ip_bought", "2022-03-01", amount=1_000_000)]}
    r, _ = result_of(p, prof)
    assert r["amount"] == {"kind": "range", "text": "最高220万元", "min": "0", "max": "2200000"}


@pytest.mark.parametrize("months,expected,status", [(2, None, "not_eligible"), (3, "3060", "eligible"),
                                                     (12, "12240", "eligible"), (13, "12240", "eligible")])
def test_per_person_month_minimum_and_maximum_term(months, expected, status):
    spec = {"kind": "per_person_month", "value": 1020, "events": {"kind": "hire", "type": "intern"},
            "min_months": 3, "max_months": 12}
    p = make_policies({"amount": spec})
    r, _ = result_of(p, {**BASE, "events": [ev("hire", "intern", "2021-05-01", count=1, months=months)]})
    assert r["status"] == status
    if expected:
        assert r["amount"]["min"] == expected


TIERS = {"kind": "tiers", "base": {"fact": "main_business_revenue"}, "previous": {"fact": "prior_max_main_business_revenue"},
         "tiers": [{"at_least": 5_000_000, "value": 100_000}, {"at_least": 10_000_000, "value": 200_000},
                   {"at_least": 30_000_000, "value": 300_000}]}


@pytest.mark.parametrize("revenue,prior,status,amount", [
    (4_999_999, 0, "not_eligible", None), (5_000_000, 0, "eligible", "100000"),
    (12_000_000, 4_000_000, "eligible", "200000"), (12_000_000, 10_000_000, "not_eligible", None),
    (30_000_000, 29_999_999, "eligible", "300000"),
])
def test_tiers_first_reach(revenue, prior, status, amount):
    p = make_policies({"amount": TIERS})
    r, _ = result_of(p, {**BASE, "main_business_revenue": revenue, "prior_max_main_business_revenue": prior})
    assert r["status"] == status
    if amount:
        assert r["amount"]["min"] == amount


ITSS = {"kind": "upgrade_difference", "event": {"kind": "recognition", "type": "itss"}, "by_grade": {"2": 100000, "1": 200000}}


def test_upgrade_pays_only_the_difference():
    p = make_policies({"amount": ITSS, "when": {"event": {"kind": "recognition", "type": "itss"}}})
    before = [ev("recognition", "itss", "2019-01-01", grade=2), ev("recognition", "itss", "2021-01-01", grade=1)]
    r, _ = result_of(p, {**BASE, "events": before})
    assert r["status"] == "eligible" and r["amount"]["min"] == "100000"
    same = [ev("recognition", "itss", "2019-01-01", grade=1), ev("recognition", "itss", "2021-01-01", grade=2)]
    r, _ = result_of(p, {**BASE, "events": same})
    assert r["status"] == "not_eligible"


def test_unstated_amount_is_eligible_with_unknown_amount():
    p = make_policies({"amount": {"kind": "unstated", "note": "按规定给予"}})
    r, res = result_of(p, BASE)
    assert r["status"] == "eligible" and r["amount"]["kind"] == "unknown" and r["amount"]["text"] == "按规定给予"
    assert res["totals"]["overall"]["amount_unknown"] == 1


def test_benefit_is_non_monetary():
    p = make_policies({"amount": {"kind": "benefit", "benefit": "fee_cut", "percent": 50, "description": "检测费"}})
    r, res = result_of(p, BASE)
    assert r["amount"] == {"kind": "non_monetary", "text": "检测费（减免50%）", "benefit": "fee_cut"}
    assert res["totals"]["overall"]["non_monetary"] == 1


# --- three-valued logic ------------------------------------------------------------

FIXED = {"kind": "fixed", "value": 1}


def test_missing_fact_is_unknown_never_no():
    p = make_policies({"when": {"fact": "no_violations", "is": True}, "amount": FIXED})
    r, res = result_of(p, BASE)
    assert r["status"] == "unknown" and r["missing"] == ["no_violations"]
    assert res["questions"][0]["fact"] == "no_violations"


def test_all_with_a_false_child_is_decided_even_if_others_unknown():
    p = make_policies({"when": {"all": [{"fact": "no_violations", "is": True}, {"fact": "employees", "le": 20}]},
                       "amount": FIXED})
    r, _ = result_of(p, BASE)  # 50 employees > 20
    assert r["status"] == "not_eligible" and r["missing"] == []


def test_any_with_a_true_child_is_decided():
    p = make_policies({"when": {"any": [{"fact": "no_violations", "is": True}, {"fact": "employees", "ge": 20}]},
                       "amount": FIXED})
    assert result_of(p, BASE)[0]["status"] == "eligible"


def test_not_of_unknown_is_unknown():
    p = make_policies({"when": {"not": {"fact": "no_violations", "is": True}}, "amount": FIXED})
    assert result_of(p, BASE)[0]["status"] == "unknown"


def test_event_absence_only_counts_when_answered():
    p = make_policies({"when": {"event": {"kind": "listing", "type": "neeq"}}, "amount": FIXED})
    unanswered = {k: v for k, v in BASE.items() if k != "answered"}
    r, _ = result_of(p, unanswered)
    assert r["status"] == "unknown" and r["missing"] == ["events:listing.neeq"]
    r, _ = result_of(p, {**unanswered, "answered": ["listing"]})
    assert r["status"] == "not_eligible"


def test_region_county_rule_with_only_city_known_is_unknown():
    p = make_policies({"amount": FIXED}, jurisdiction="140825", level="county")
    r, _ = result_of(p, {**BASE, "region": "140800"})
    assert r["status"] == "unknown" and r["missing"] == ["region"]
    r, _ = result_of(p, {**BASE, "region": "140802"})
    assert r["status"] == "not_eligible"


def test_size_unknown_names_figures():
    p = make_policies({"when": {"size": ["small", "micro"]}, "amount": FIXED})
    r, _ = result_of(p, {k: v for k, v in BASE.items() if k != "revenue"})
    assert r["status"] == "unknown" and r["missing"] == ["revenue"]


# --- dates ---------------------------------------------------------------------

def test_not_in_force_before_and_after_validity():
    p = make_policies({"amount": FIXED}, valid_from="2018-01-01", valid_to="2019-12-31")
    assert result_of(p, BASE, "2017-12-31")[0]["status"] == "not_in_force"
    assert result_of(p, BASE, "2018-01-01")[0]["status"] == "eligible"
    assert result_of(p, BASE, "2019-12-31")[0]["status"] == "eligible"
    r = result_of(p, BASE, "2020-01-01")[0]
    assert r["status"] == "not_in_force" and "2019-12-31" in r["reason"]


def test_open_ended_validity_is_stated():
    p = make_policies({"amount": FIXED})
    r = result_of(p, BASE)[0]
    assert r["valid"]["open_ended"] is True and r["valid"]["to"] is None and r["valid"]["note"]


def test_event_window_excludes_events_before_validity_and_after_as_of():
    p = make_policies({"when": {"event": {"kind": "listing", "type": "neeq"}}, "amount": FIXED})
    before = {**BASE, "events": [ev("listing", "neeq", "2019-12-31")]}
    assert result_of(p, before)[0]["status"] == "not_eligible"
    future = {**BASE, "events": [ev("listing", "neeq", "2023-01-01")]}
    r, res = result_of(p, future, "2022-06-30")
    assert r["status"] == "not_eligible" and res["warnings"]


def test_first_time_event():
    p = make_policies({"when": {"event": {"kind": "recognition", "type": "tech_sme", "first": True}}, "amount": FIXED})
    assert result_of(p, {**BASE, "events": [ev("recognition", "tech_sme", "2021-01-01")]})[0]["status"] == "eligible"
    again = {**BASE, "events": [ev("recognition", "tech_sme", "2019-01-01"), ev("recognition", "tech_sme", "2021-01-01")]}
    assert result_of(p, again)[0]["status"] == "not_eligible"


def test_since_registration_window():
    p = make_policies({"when": {"since_registration": {"max_years": 3}}, "amount": FIXED})
    prof = {**BASE, "registration_date": "2020-03-01"}
    assert result_of(p, prof, "2023-02-28")[0]["status"] == "eligible"
    assert result_of(p, prof, "2023-03-01")[0]["status"] == "not_eligible"


# --- stacking ------------------------------------------------------------------

def test_exclusive_group_counts_only_the_largest():
    p = make_policies(
        {"amount": {"kind": "fixed", "value": 100000}, "stacking": {"exclusive_group": "g"}},
        {"amount": {"kind": "fixed", "value": 200000}, "stacking": {"exclusive_group": "g"}},
    )
    res = evaluate(BASE, p, "2022-06-30")
    by_id = {r["rule_id"]: r for r in res["results"]}
    assert by_id["r0"]["excluded_by"] == "r1" and "excluded_by" not in by_id["r1"]
    assert res["totals"]["overall"]["exact"] == "200000"


def test_on_top_of_counts_in_full_across_levels():
    prov = make_policies({"amount": {"kind": "fixed", "value": 200000}}, level="province", jurisdiction="140000")
    city = make_policies({"id": "c", "amount": {"kind": "fixed", "value": 100000}, "stacking": {"on_top_of": ["r0"]}})
    both = type(prov)({"data_version": "t", "documents": prov.documents + [
        {**city.documents[0], "id": "doc2"}]})
    res = evaluate(BASE, both, "2022-06-30")
    assert res["totals"]["province"]["exact"] == "200000"
    assert res["totals"]["city"]["exact"] == "100000"
    assert res["totals"]["overall"]["exact"] == "300000"


# --- input errors ------------------------------------------------------------------

def test_bad_as_of_names_the_field():
    p = make_policies({"amount": FIXED})
    with pytest.raises(ProfileError) as exc:
        evaluate(BASE, p, "2022/06/30")
    assert exc.value.issues[0].field == "as_of"


def test_region_outside_shanxi_is_not_an_error():
    p = make_policies({"amount": FIXED})
    res = evaluate({**BASE, "region": "110101"}, p, "2022-06-30")
    assert res["results"][0]["status"] == "not_eligible"
    assert res["applicable_documents"] == [] and "没有适用的政策" in res["warnings"][0]
