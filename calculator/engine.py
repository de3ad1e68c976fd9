"""The entitlement engine: ``evaluate(profile, policies, as_of) -> dict``.

It reads policies as plain data (the compiled, already validated policy
bundle), so the browser never has to define the policy-schema models.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from ._standards import REGIONS
from .amounts import Amount, compute, money_str, potential_max, yuan
from .conditions import NOT_MET, UNKNOWN, Context, Step, _region_within, compile_condition
from .profile import Profile, parse_profile
from .size import size_of
from .vocabulary import EVENT_FIELDS, FACTS, event_label

SCHEMA_VERSION = "1.0"

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN_STATUS, NOT_IN_FORCE = "eligible", "not_eligible", "unknown", "not_in_force"
LEVELS = ("province", "city", "county")
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级"}
STATUS_LABELS = {ELIGIBLE: "符合条件", NOT_ELIGIBLE: "不符合条件", UNKNOWN_STATUS: "尚无法判断",
                 NOT_IN_FORCE: "不在有效期内"}


class PolicySet:
    """Compiled policies, indexed for evaluation. Build once, evaluate many times."""

    def __init__(self, bundle: dict):
        self.bundle = bundle
        self.data_version = bundle.get("data_version", "")
        self.documents = bundle["documents"]
        self.entries: list[tuple[dict, dict, dict, tuple[_dt.date, _dt.date]]] = []
        for doc in self.documents:
            validity = doc["validity"]
            d_from = _dt.date.fromisoformat(validity["from"])
            d_to = _dt.date.fromisoformat(validity["to"]) if validity.get("to") else _dt.date.max
            for clause in doc["clauses"]:
                for rule in clause.get("rules", []):
                    valid = rule.get("valid") or {}
                    r_from = _dt.date.fromisoformat(valid["from"]) if valid.get("from") else d_from
                    r_to = _dt.date.fromisoformat(valid["to"]) if valid.get("to") else d_to
                    self.entries.append((doc, clause, rule, (r_from, r_to)))
        self.by_id = {rule["id"]: (doc, clause, rule, window) for doc, clause, rule, window in self.entries}
        self.prepared = [_prepare(doc, clause, rule, window) for doc, clause, rule, window in self.entries]
        self._plans: dict = {}
        self._applicable: dict = {}

    def lean_plan(self, as_of: _dt.date, region: str | None) -> list[tuple[dict | None, dict]]:
        """For the lean (batch) form: per rule, either its finished result when the date or the
        region alone decides it (not in force; document out of reach), or None (evaluate it).
        Cached per (date, region), so a register of a million firms decides those once."""
        key = (as_of, region)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) > 4096:
                self._plans.clear()
            plan = self._plans[key] = [(_decided_lean(prep, as_of, region), prep) for prep in self.prepared]
        return plan

    def applicable(self, region: str | None) -> list[str]:
        """Ids of the documents whose jurisdiction may include ``region``."""
        found = self._applicable.get(region)
        if found is None:
            found = [d["id"] for d in self.documents
                     if region is None or _region_within(region, d["jurisdiction"]) is not False]
            if len(self._applicable) < 4096:
                self._applicable[region] = found
        return list(found)


def _decided_lean(prep: dict, as_of: _dt.date, region: str | None) -> dict | None:
    if not _in_force(prep, as_of):
        return _not_in_force(prep, as_of, detail=False)
    if region is not None and _region_within(region, prep["jurisdiction"]) is False:
        return {**_result_head(prep, detail=False), "status": NOT_ELIGIBLE, "trace": [], "missing": [],
                "amount": prep["unknown_amount"], "reason": _OUT_OF_REACH}
    return None


def _prepare(doc: dict, clause: dict, rule: dict, window) -> dict:
    """Everything about a rule's result that does not depend on the enterprise."""
    open_ended = window[1] == _dt.date.max
    static = {
        "rule_id": rule["id"],
        "label": rule["label"],
        "kind": rule["kind"],
        "level": doc["level"],
        "document": {"id": doc["id"], "title": doc["title"], "number": doc.get("number"),
                     "issuer": doc["issuer"], "level": doc["level"]},
        "clause": {"number": clause["number"], "title": clause.get("title"), "anchor": clause["anchor"]},
        "citation": {"document": doc.get("number") or doc["title"], "clause": clause["number"],
                     "quote": rule["quote"], "url": f"policies/{doc['id']}/#{clause['anchor']}"},
        "department": rule["department"],
        "recipient": rule.get("recipient", "企业"),
        "valid": {**_window_dict(window), "open_ended": open_ended},
        "interpretation": rule.get("interpretation"),
        "stacking": rule.get("stacking"),
    }
    if open_ended:
        static["valid"]["note"] = doc["validity"].get("note") or "文件未规定截止日期"
    cond = rule.get("when")
    top = potential_max(rule["amount"])
    if rule["amount"]["kind"] == "benefit":
        unknown_amount = compute(rule["amount"], None).amount.to_dict()
    else:
        unknown_amount = Amount("unknown", text=("可能最高" + yuan(top)) if top else "", max=top).to_dict()
    return {"unknown_amount": unknown_amount, "static": static, "jurisdiction": doc["jurisdiction"],
            "region": compile_condition({"region": doc["jurisdiction"]}),
            "cond": compile_condition(cond) if cond else None, "window": window, "amount": rule["amount"], "top": top,
            "not_in_force": f"有效期{window[0].isoformat()}至{'无截止日期' if open_ended else window[1].isoformat()}，"}


def fact_question(key: str) -> dict:
    """Chinese label and question for a missing fact key."""
    if key.startswith("events:"):
        path = key[7:]
        parts = path.split(".")
        kind, type_ = parts[0], parts[1] if len(parts) > 1 else None
        fld = parts[2] if len(parts) > 2 else None
        label = event_label(kind, type_)
        if fld:
            return {"fact": key, "label": f"{label} › {EVENT_FIELDS.get(fld, fld)}",
                    "question": f"请补充“{label}”的{EVENT_FIELDS.get(fld, fld)}", "kind": "event_field",
                    "event": {"kind": kind, "type": type_}, "field": fld}
        return {"fact": key, "label": label, "question": f"是否有：{label}？有则填写日期等信息；没有请确认“没有”。",
                "kind": "event", "event": {"kind": kind, "type": type_}}
    if key == "size":
        return {"fact": key, "label": "企业规模", "question": "请填写所属行业、从业人员、营业收入、资产总额，或直接选择企业规模",
                "kind": "fact"}
    type_, label, question = FACTS.get(key, ("", key, key))
    return {"fact": key, "label": label, "question": question, "kind": "fact", "type": type_}


_NOT_IN_FORCE_AMOUNT = {"kind": "unknown", "text": "不在有效期内"}
_OUT_OF_REACH = "其余条件未逐项判断（不在本政策适用地区）"


def _window_dict(window: tuple[_dt.date, _dt.date]) -> dict:
    return {"from": window[0].isoformat(), "to": None if window[1] == _dt.date.max else window[1].isoformat()}


def _result_head(prep: dict, detail: bool) -> dict:
    """What a rule's result says before it is evaluated: everything static (full form), or only its
    id, level and stacking (the lean form of batch matching)."""
    static = prep["static"]
    if detail:
        return dict(static)
    return {"rule_id": static["rule_id"], "level": static["level"], "stacking": static["stacking"]}


def _in_force(prep: dict, as_of: _dt.date) -> bool:
    window = prep["window"]
    return window[0] <= as_of <= window[1]


def _not_in_force(prep: dict, as_of: _dt.date, detail: bool) -> dict:
    return {**_result_head(prep, detail), "status": NOT_IN_FORCE, "trace": [], "missing": [],
            "amount": _NOT_IN_FORCE_AMOUNT, "reason": prep["not_in_force"] + f"计算日期{as_of.isoformat()}不在其内"}


def _evaluate_rule(prep: dict, ctx: Context, detail: bool) -> dict:
    if not _in_force(prep, ctx.as_of):
        return _not_in_force(prep, ctx.as_of, detail)
    out = _result_head(prep, detail)
    trace: list[Step] = []
    sink = trace if detail else None
    ctx.window = prep["window"]
    value, missing = prep["region"](ctx, sink)
    if value is False:              # outside the document's reach: nothing else to check
        trace.append(Step(_OUT_OF_REACH, NOT_MET, [], None))
    elif prep["cond"] is not None:
        v2, m2 = prep["cond"](ctx, sink)
        value = False if v2 is False else (None if (v2 is None or value is None) else True)
        missing = [] if value is not None else missing + m2
    spec = prep["amount"]
    outcome = compute(spec, ctx) if value is not False else None
    if value is True and outcome is not None:
        if outcome.gate is True:
            status = ELIGIBLE
        elif outcome.gate is False:
            status = NOT_ELIGIBLE
            trace.append(Step(f"金额条件：{outcome.detail}", NOT_MET, [], outcome.detail))
        else:
            status = UNKNOWN_STATUS
            missing = outcome.missing
            trace.append(Step("计算金额所需信息", UNKNOWN, [], outcome.detail or None, outcome.missing))
    elif value is None:
        status = UNKNOWN_STATUS
        if outcome is not None and outcome.gate is None:
            missing = missing + outcome.missing
    else:
        status = NOT_ELIGIBLE
    if outcome is not None and status == ELIGIBLE:
        out["amount"] = outcome.amount.to_dict()
    else:
        out["amount"] = prep["unknown_amount"]
    out["status"] = status
    if status == ELIGIBLE and outcome is not None:
        out["amount_detail"] = outcome.detail
        if outcome.missing:
            out["amount_missing"] = outcome.missing
    out["trace"] = [s.to_dict() for s in trace] if detail else []
    out["missing"] = list(dict.fromkeys(missing)) if status == UNKNOWN_STATUS else []
    if status == NOT_ELIGIBLE:
        out["reason"] = "；".join(s.label + (f"（{s.value}）" if s.value else "") for s in trace if s.status == NOT_MET)
    return out


def _apply_stacking(results: list[dict]) -> None:
    groups: dict[str, list[dict]] = {}
    for r in results:
        if r["status"] != ELIGIBLE:
            continue
        group = (r.get("stacking") or {}).get("exclusive_group")
        if group:
            groups.setdefault(group, []).append(r)
    for members in groups.values():
        if len(members) < 2:
            continue
        def worth(r: dict) -> Decimal:
            return Decimal(r["amount"].get("max") or r["amount"].get("min") or 0)
        keep = max(members, key=worth)
        for r in members:
            if r is not keep:
                r["excluded_by"] = keep["rule_id"]


def _totals(results: list[dict]) -> dict:
    def empty() -> dict:
        return {"exact": Decimal(0), "up_to": Decimal(0), "eligible": 0, "amount_unknown": 0, "non_monetary": 0}
    totals = {lvl: empty() for lvl in LEVELS}
    totals["overall"] = empty()
    for r in results:
        if r["status"] != ELIGIBLE or r.get("excluded_by"):
            continue
        for key in (r["level"], "overall"):
            t = totals[key]
            t["eligible"] += 1
            a = r["amount"]
            if a["kind"] == "exact":
                t["exact"] += Decimal(a["min"])
            elif a["kind"] == "range":
                t["up_to"] += Decimal(a["max"])
            elif a["kind"] == "non_monetary":
                t["non_monetary"] += 1
            else:
                t["amount_unknown"] += 1
    out = {}
    for key, t in totals.items():
        out[key] = {"label": LEVEL_LABELS.get(key, "合计"), "exact": money_str(t["exact"]),
                    "up_to": money_str(t["up_to"]), "max": money_str(t["exact"] + t["up_to"]),
                    "eligible": t["eligible"], "amount_unknown": t["amount_unknown"],
                    "non_monetary": t["non_monetary"],
                    "text": f"确定金额{yuan(t['exact'])}" + (f"，另有最高{yuan(t['up_to'])}（上限）" if t["up_to"] else "")}
    return out


def _questions(results: list[dict]) -> list[dict]:
    table: dict[str, dict] = {}
    for r in results:
        if r["status"] != UNKNOWN_STATUS:
            continue
        stake = Decimal(r["amount"].get("max") or 0)
        for fact in r["missing"]:
            q = table.setdefault(fact, {**fact_question(fact), "rules": [], "at_stake": Decimal(0)})
            q["rules"].append(r["rule_id"])
            q["at_stake"] += stake
    ordered = sorted(table.values(), key=lambda q: (-q["at_stake"], -len(q["rules"]), q["fact"]))
    for q in ordered:
        q["at_stake"] = money_str(q["at_stake"])
    return ordered


def evaluate(profile: Profile | dict | str, policies: PolicySet, as_of: _dt.date | str | None = None,
             *, detail: bool = True) -> dict:
    """Every entitlement of ``profile`` under ``policies`` as of a date (default: today).

    ``detail=False`` (batch matching) returns the compact form: per rule only its id, level,
    status, amount, missing facts and reason (no trace, no citation: look those up by rule id),
    in policy order, and no question list. Statuses, amounts and missing facts are the same."""
    profile = parse_profile(profile)
    if as_of is None:
        as_of = _dt.date.today()
    elif isinstance(as_of, str):
        as_of = parse_as_of(as_of)
    size = size_of(profile)
    by_kind: dict = {}
    for ev in profile.events:
        by_kind.setdefault(ev.kind, []).append(ev)
    ctx = Context(profile, as_of, size, (as_of, as_of), by_kind)
    if detail:
        results = [_evaluate_rule(prep, ctx, True) for prep in policies.prepared]
    else:       # batch: what the date or the region alone decides comes from the cached plan
        results = [_evaluate_rule(prep, ctx, False) if done is None else dict(done)
                   for done, prep in policies.lean_plan(as_of, profile.region)]
    _apply_stacking(results)
    order = {ELIGIBLE: 0, UNKNOWN_STATUS: 1, NOT_ELIGIBLE: 2, NOT_IN_FORCE: 3}
    if detail:
        results.sort(key=lambda r: (order[r["status"]], -Decimal(r["amount"].get("max") or 0), r["rule_id"]))
    warnings = []
    if profile.registration_date and profile.registration_date > as_of:
        warnings.append("登记注册日期晚于计算日期，请核对")
    future = [e for e in profile.events if e.date and e.date > as_of]
    if future:
        warnings.append(f"有{len(future)}个事项的日期晚于计算日期，计算时不予考虑")
    region = profile.region
    applicable = policies.applicable(region)
    if region is not None and not applicable:
        warnings.append(f"{REGIONS.get(region, (region,))[0]}不在本站收录政策的适用范围内，没有适用的政策")
    counts = dict.fromkeys(order, 0)
    for r in results:
        counts[r["status"]] += 1
    return {
        "type": "result",
        "schema_version": SCHEMA_VERSION,
        "data_version": policies.data_version,
        "as_of": as_of.isoformat(),
        "region": {"code": region, "name": REGIONS.get(region, (None,))[0] if region else None},
        "size": size.to_dict(),
        "applicable_documents": applicable,
        "counts": counts,
        "totals": _totals(results),
        "questions": _questions(results) if detail else [],
        "results": results,
        "warnings": warnings,
    }


def parse_as_of(text: str) -> _dt.date:
    from .errors import Issue, ProfileError
    try:
        return _dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ProfileError([Issue("as_of", f"计算日期：日期格式应为 YYYY-MM-DD，例如 2021-06-30（收到“{text}”）")]) from None
