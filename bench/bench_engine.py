"""Speed of the entitlement core on CPython (a benchmark, not a test).

    python bench/bench_engine.py
Prints: import time of `calculator`, median time to evaluate one full profile
against all policies, and batch throughput on one core, with the machine noted.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FULL_PROFILE = {
    "region": "140825", "entity_kind": "enterprise", "industry": "I65", "registration_date": "2016-04-01",
    "employees": 120, "revenue": 60_000_000, "assets": 80_000_000, "main_business_revenue": 12_000_000,
    "prior_max_main_business_revenue": 4_000_000, "above_scale": True, "annual_report_published": True,
    "no_violations": True, "operating_normally": True, "small_scale_taxpayer": False, "in_difficulty": False,
    "strategic_emerging": True, "top_taxpayer": True, "joint_stock_reformed": True, "revenue_growth_pct": "35",
    "profit_margin_pct": "12", "answered": ["*"],
    "events": [
        {"kind": "recognition", "type": "high_tech", "date": "2015-11-01"},
        {"kind": "recognition", "type": "high_tech", "date": "2018-11-01"},
        {"kind": "recognition", "type": "high_tech", "date": "2021-11-01"},
        {"kind": "recognition", "type": "itss", "grade": 2, "date": "2021-05-01"},
        {"kind": "recognition", "type": "specialized", "level": "province", "date": "2021-06-01"},
        {"kind": "listing", "type": "neeq", "date": "2021-03-01"},
        {"kind": "transaction", "type": "ip_bought", "date": "2022-05-01", "amount": 3_000_000},
        {"kind": "transaction", "type": "tech_bought_external", "date": "2021-05-01", "amount": 900_000},
        {"kind": "hire", "type": "intern", "date": "2021-07-01", "count": 3, "months": 6},
        {"kind": "loan", "type": "bank_loan", "date": "2021-02-01", "amount": 5_000_000, "interest": 220_000},
    ],
}


def main() -> None:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import calculator"], cwd=ROOT,
                         capture_output=True, text=True)
    import_ms = (time.perf_counter() - t0) * 1000
    cum = [line for line in out.stderr.splitlines() if line.rstrip().endswith("| calculator")]
    own_us = int(cum[-1].split("|")[1]) if cum else 0

    from calculator import PolicySet, evaluate, parse_profile
    from calculator.loader import browser_bundle, load_bundle
    policies = PolicySet(browser_bundle(load_bundle(ROOT / "policies")))
    rules = len(policies.entries)
    profile = parse_profile(FULL_PROFILE)
    for _ in range(20):
        evaluate(profile, policies, "2022-12-31")
    samples = []
    for _ in range(300):
        t = time.perf_counter()
        evaluate(FULL_PROFILE, policies, "2022-12-31")
        samples.append((time.perf_counter() - t) * 1000)
    median = statistics.median(samples)
    n = 3000
    profiles = [dict(FULL_PROFILE, employees=10 + i % 500, revenue=1_000_000 * (1 + i % 90)) for i in range(n)]
    t = time.perf_counter()
    for p in profiles:
        evaluate(p, policies, "2022-12-31")
    rate_full = n / (time.perf_counter() - t)
    t = time.perf_counter()
    for p in profiles:
        evaluate(p, policies, "2022-12-31", detail=False)
    rate = n / (time.perf_counter() - t)

    print(f"machine: {platform.machine()} {platform.processor() or ''} cores={os.cpu_count()} "
          f"python={platform.python_version()}")
    print(f"rules evaluated per profile: {rules}")
    print(f"import calculator: {own_us / 1000:.1f} ms cumulative (-X importtime); process start+import {import_ms:.0f} ms")
    print(f"evaluate one full profile (JSON dict in, result dict out): median {median:.2f} ms "
          f"(p90 {statistics.quantiles(samples, n=10)[-1]:.2f} ms)   target <= 2 ms   ratio {median / 2:.2f}x")
    print(f"batch on one core, with full traces: {rate_full:,.0f} profiles/s")
    print(f"batch on one core, detail=False (as the batch matcher runs): {rate:,.0f} profiles/s   "
          f"target >= 2,000/s   ratio {rate / 2000:.2f}x")
    print(json.dumps({"median_ms": round(median, 3), "profiles_per_s": round(rate), "import_ms": own_us / 1000}))


if __name__ == "__main__":
    main()
