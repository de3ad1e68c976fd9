"""Build small in-memory policy bundles for engine tests."""

from calculator import PolicySet


def make_policies(*rules, level="city", jurisdiction="140800", valid_from="2020-01-01", valid_to=None):
    full = []
    for i, r in enumerate(rules):
        base = {"id": f"r{i}", "label": f"规则{i}", "kind": "award", "quote": "原文", "department": "某部门"}
        base.update(r)
        full.append(base)
    doc = {
        "id": "doc", "title": "测试文件", "issuer": "测试", "number": "测〔2020〕1号", "level": level,
        "jurisdiction": jurisdiction, "validity": {"from": valid_from, "to": valid_to, "open_ended": valid_to is None},
        "clauses": [{"id": "c1", "anchor": "c1", "number": "第一条", "rules": full}],
    }
    return PolicySet({"data_version": "test", "documents": [doc]})


BASE = {"region": "140802", "entity_kind": "enterprise", "industry": "C34", "employees": 50,
        "revenue": 10_000_000, "assets": 20_000_000, "answered": ["*"]}


def result_of(policies, profile, as_of="2022-06-30", rule="r0"):
    from calculator import evaluate
    res = evaluate(profile, policies, as_of)
    return next(r for r in res["results"] if r["rule_id"] == rule), res
