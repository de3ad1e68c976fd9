"""Differential test: the engine running in the browser (Pyodide 3.14, wasm) returns exactly
the same JSON as the engine on this CPython, for many generated profiles."""

import json
import random
import sys

from calculator.loader import browser_bundle, load_bundle

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "unit"))


def generated_profiles(n: int, seed: int = 20261122) -> list[tuple[dict, str]]:
    """Deterministic pseudo-random profiles covering regions, sizes, facts and every event type."""
    from calculator._standards import INDUSTRIES, REGIONS
    from calculator.vocabulary import EVENT_TYPES, FACTS
    rnd = random.Random(seed)
    regions = sorted(REGIONS)
    industries = sorted(INDUSTRIES)
    kinds = [(k, t) for k, ts in EVENT_TYPES.items() for t in ts]
    out = []
    for _ in range(n):
        p = {"region": rnd.choice(regions), "industry": rnd.choice(industries),
             "entity_kind": rnd.choice(["enterprise", "individual_business"]),
             "employees": rnd.choice([3, 15, 20, 99, 300, 1200]), "revenue": rnd.choice([400_000, 3_000_000, 20_000_000, 500_000_000]),
             "registration_date": f"{rnd.randint(2010, 2023)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
             "answered": rnd.choice([["*"], [], ["listing"]]), "events": []}
        for name, (typ, _, _) in FACTS.items():
            if typ == "bool" and rnd.random() < 0.3:
                p[name] = rnd.random() < 0.5
        for _ in range(rnd.randint(0, 6)):
            kind, type_ = rnd.choice(kinds)
            ev = {"kind": kind, "type": type_, "date": f"{rnd.randint(2014, 2024)}-0{rnd.randint(1, 9)}-15"}
            if rnd.random() < 0.6:
                ev["amount"] = rnd.choice([50_000, 1_000_000, 1_666_667, 12_000_000])
            if kind == "recognition":
                ev["level"] = rnd.choice(["national", "province", "city", "county"])
                ev["grade"] = rnd.choice([1, 2, 3])
            if kind == "hire":
                ev["count"], ev["months"] = rnd.randint(1, 5), rnd.randint(1, 40)
            if kind == "loan":
                ev["interest"] = rnd.choice([30_000, 400_000, 1_200_000])
            p["events"].append(ev)
        out.append((p, rnd.choice(["2016-06-30", "2019-06-30", "2021-12-31", "2022-12-31", "2026-01-01"])))
    out.append(({"employees": "-1"}, "2022-01-01"))          # an invalid profile: same error JSON
    out.append(({"colour": "red"}, "2022-01-01"))
    return out


WORKER_RUN = """async ([profiles, dates]) => {
    const w = new Worker(new URL('../assets/calc/worker.js', location.href), {type: 'module'});
    const results = [];
    let ready = null;
    await new Promise((resolve) => {
      w.onmessage = (e) => {
        if (e.data.type === 'ready') {
          ready = e.data;
          profiles.forEach((p, i) => w.postMessage({type: 'evaluate', id: i, profile: p, asOf: dates[i]}));
        }
        if (e.data.type === 'evaluated') { results[e.data.id] = e.data.json; if (results.filter(Boolean).length === profiles.length) resolve(); }
      };
    });
    w.terminate();
    return [results, {snapshot: ready.snapshot, bytecode: ready.bytecode}];
}"""


def worker_differs_from_cpython(page, n: int = 40) -> tuple[list[int], dict]:
    """Evaluate ``n`` generated profiles in a fresh calculator worker of ``page`` and on this
    CPython; return the indices whose JSON differs, and how the worker started."""
    cases = generated_profiles(n)
    payload = [json.dumps(p, ensure_ascii=False) for p, _ in cases]
    dates = [d for _, d in cases]
    browser_out, started = page.evaluate(WORKER_RUN, [payload, dates])
    from calculator.bridge import evaluate_json, load_rules
    load_rules(json.dumps(browser_bundle(load_bundle(ROOT / "policies")), ensure_ascii=False))
    return [i for i, (text, date) in enumerate(zip(payload, dates))
            if json.loads(evaluate_json(text, date)) != json.loads(browser_out[i])], started


def test_browser_engine_matches_cpython_exactly(page, site_url):
    page.goto(f"{site_url}calculator/")
    page.wait_for_selector("#calc-app[data-ready=true]", state="attached", timeout=90_000)
    mismatches, _ = worker_differs_from_cpython(page)
    assert mismatches == [], f"{len(mismatches)} of 42 differ, e.g. case {mismatches[:3]}"
