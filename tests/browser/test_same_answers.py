"""The page and the CLI give the same answers (statuses and amounts) for the same profiles."""

import json
import subprocess
import sys

import pytest

from .conftest import ROOT, open_calculator

PROFILES = {
    "xinjiang-listing-2019": ({"region": "140825", "entity_kind": "enterprise", "industry": "C34", "employees": 15,
                               "revenue": 2000000, "answered": ["*"],
                               "events": [{"kind": "listing", "type": "neeq", "date": "2019-03-01"}]}, "2019-06-30"),
    "yuncheng-software-2021": ({"region": "140802", "industry": "I65", "employees": 40, "revenue": 12000000,
                                "main_business_revenue": 12000000, "prior_max_main_business_revenue": 4000000,
                                "events": [{"kind": "recognition", "type": "itss", "grade": 2, "date": "2021-05-01"},
                                           {"kind": "hire", "type": "intern", "date": "2021-03-01", "count": 2, "months": 6}]},
                               "2021-12-31"),
    "lvliang-ip-2022": ({"region": "141102", "industry": "C26", "employees": 120, "revenue": 80000000,
                         "above_scale": True, "profit_margin_pct": "16", "answered": ["transaction"],
                         "events": [{"kind": "transaction", "type": "ip_bought", "date": "2022-05-01", "amount": 3000000}]},
                        "2022-12-31"),
    "individual-business": ({"entity_kind": "individual_business", "region": "140800", "industry": "F52",
                             "employees": 3, "revenue": 400000, "small_scale_taxpayer": True}, "2022-06-30"),
}


def cli(profile, as_of, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "calculator", "evaluate", str(path), "--as-of", as_of,
                          "--format", "json"], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_page_shows_what_the_cli_computes(page, site_url, tmp_path, name):
    profile, as_of = PROFILES[name]
    expected = cli(profile, as_of, tmp_path)
    open_calculator(page, site_url)
    page.fill("#f-as_of", as_of)
    path = tmp_path / "import.json"
    path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
    page.set_input_files("#import-file", str(path))
    page.wait_for_selector("#import-status.ok")
    page.wait_for_function("n => document.querySelectorAll('.result-card').length >= n", arg=len(expected["results"]))
    page.wait_for_timeout(500)
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.result-card')).map(c => ({
        rule: c.dataset.rule, status: [...c.classList].find(x => x.startsWith('status-')).slice(7),
        amount: (c.querySelector('.amount') || {}).textContent || ''}))""")
    by_rule = {s["rule"]: s for s in shown}
    assert set(by_rule) == {r["rule_id"] for r in expected["results"]}
    for r in expected["results"]:
        assert by_rule[r["rule_id"]]["status"] == r["status"], r["rule_id"]
        if r["status"] == "eligible" and r["amount"]["text"]:
            assert by_rule[r["rule_id"]]["amount"] == r["amount"]["text"], r["rule_id"]
    totals = page.inner_text(".totals")
    assert f"{expected['totals']['overall']['eligible']} 项" in totals
