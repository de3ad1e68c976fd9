"""Three-valued evaluation of rule conditions (met / not met / unknown).

Conditions are plain data (dicts, from the policy files):

    {all: [...]} {any: [...]} {not: {...}}
    {fact: NAME, eq|in|ge|gt|le|lt|is: VALUE}
    {size: [small, micro]}          {industry: [B, C, D]}      {region: "140800"}
    {event: {kind, type|types, level|levels, grade, window, first, min_count}}
    {since_registration: {max_years: 3}}
    {formula: NAME, args: {...}}    (registered, for genuinely computational tests)

A missing fact gives ``None`` (unknown), never ``False``; the facts still
needed are collected so the user can be asked for exactly them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal
from typing import Any, Callable

from ._standards import INDUSTRIES, REGIONS, SIZE_LABELS
from .vocabulary import ENUMS, FACTS, LEVEL_ORDER, event_label, fact_label

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass
class Step:
    """One line of a rule's trace."""

    label: str
    status: str
    read: list[str] = field(default_factory=list)   # facts read
    value: str | None = None                        # what was read, in Chinese
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        d = {"label": self.label, "status": self.status, "read": self.read}
        if self.value is not None:
            d["value"] = self.value
        if self.missing:
            d["missing"] = self.missing
        return d


@dataclass
class Context:
    profile: Any
    as_of: _dt.date
    size: Any                                   # SizeResult
    window: tuple[_dt.date, _dt.date]           # the rule's own in-force window
    by_kind: dict | None = None                 # events grouped by kind (shared across rules)

    def events_of(self, kind: str) -> list:
        if self.by_kind is None:
            self.by_kind = {}
            for ev in self.profile.events:
                self.by_kind.setdefault(ev.kind, []).append(ev)
        return self.by_kind.get(kind, ())


def event_key(kind: str, type_: str | None = None) -> str:
    return f"events:{kind}.{type_}" if type_ else f"events:{kind}"


def _status(v: bool | None) -> str:
    return MET if v is True else NOT_MET if v is False else UNKNOWN


def _fmt_value(v: Any) -> str:
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


_OPS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "eq": ("等于", lambda a, b: a == b),
    "ge": ("不低于", lambda a, b: a >= b),
    "gt": ("高于", lambda a, b: a > b),
    "le": ("不超过", lambda a, b: a <= b),
    "lt": ("低于", lambda a, b: a < b),
    "in": ("属于", lambda a, b: a in b),
    "is": ("为", lambda a, b: a is b),
}


def _describe_fact(cond: dict) -> str:
    name = cond["fact"]
    label = fact_label(name)
    for op, (word, _) in _OPS.items():
        if op in cond:
            target = cond[op]
            if op == "is":
                return f"{label}：{'是' if target else '否'}"
            if isinstance(target, list):
                target = "、".join(_enum_label(name, t) for t in target)
            else:
                target = _enum_label(name, target)
            return f"{label}{word}{target}"
    return label


def _enum_label(name: str, value: Any) -> str:
    kind = FACTS.get(name, ("",))[0]
    if kind.startswith("enum:"):
        return ENUMS[kind[5:]].get(value, str(value))
    return _fmt_value(value)


def describe(cond: dict) -> str:
    """Plain-Chinese description of a condition (used in traces and on policy pages)."""
    if "label" in cond:
        return cond["label"]
    if "all" in cond:
        return "同时满足：" + "；".join(describe(c) for c in cond["all"])
    if "any" in cond:
        return "满足其一：" + "；".join(describe(c) for c in cond["any"])
    if "not" in cond:
        return "不满足：" + describe(cond["not"])
    if "fact" in cond:
        return _describe_fact(cond)
    if "size" in cond:
        return "企业规模为" + "、".join(SIZE_LABELS[s] for s in cond["size"])
    if "industry" in cond:
        return "所属行业为" + "、".join(INDUSTRIES.get(c, c) for c in cond["industry"])
    if "region" in cond:
        return "注册地在" + REGIONS.get(cond["region"], (cond["region"],))[0]
    if "event" in cond:
        ev = cond["event"]
        types = ev.get("types") or ([ev["type"]] if "type" in ev else [])
        what = "或".join(event_label(ev["kind"], t) for t in types) or event_label(ev["kind"])
        levels = ev.get("levels") or ([ev["level"]] if "level" in ev else [])
        if levels:
            what += "（" + "、".join(ENUMS["level"][lv] for lv in levels) + "）"
        if "grade" in ev:
            what += f"（{ev['grade']}级）"
        if "min_amount" in ev:
            what += f"（金额不低于{ev['min_amount']:,}元）"
        prefix = "首次" if ev.get("first") else ""
        window = ev.get("window", "validity")
        when = {"validity": "在政策有效期内", "any": ""}.get(window, "") if isinstance(window, str) else \
            f"在{window.get('from', '')}至{window.get('to', '')}期间"
        return f"{when}{prefix}{what}"
    if "since_registration" in cond:
        return f"自登记注册之日起{cond['since_registration']['max_years']}年内"
    if "formula" in cond:
        return FORMULAS[cond["formula"]][1](cond.get("args", {}))
    return str(cond)


# --- events -----------------------------------------------------------------

def matching_events(ctx: Context, spec: dict, *, in_window: bool = True) -> tuple[list, bool]:
    """Events of the profile matching ``spec``; the bool says whether an event
    of unknown date or level might also match (so absence is not certain)."""
    kind = spec["kind"]
    types = spec.get("types") or ([spec["type"]] if "type" in spec else None)
    levels = spec.get("levels") or ([spec["level"]] if "level" in spec else None)
    lo, hi = event_window(ctx, spec) if in_window else (_dt.date.min, ctx.as_of)
    found, doubtful = [], False
    for ev in ctx.events_of(kind):
        if types and ev.type not in types:
            continue
        if levels and ev.level not in levels:
            if ev.level is None:
                doubtful = True
            continue
        if "grade" in spec and ev.grade != spec["grade"]:
            if ev.grade is None:
                doubtful = True
            continue
        if "min_amount" in spec and (ev.amount is None or ev.amount < spec["min_amount"]):
            doubtful = doubtful or ev.amount is None
            continue
        if ev.date is None:
            doubtful = True
            continue
        if lo <= ev.date <= hi:
            found.append(ev)
    return found, doubtful


def event_window(ctx: Context, spec: dict) -> tuple[_dt.date, _dt.date]:
    window = spec.get("window", "validity")
    if window == "any":
        return _dt.date.min, ctx.as_of
    if window == "validity":
        return ctx.window[0], min(ctx.window[1], ctx.as_of)
    lo = _dt.date.fromisoformat(str(window["from"])) if window.get("from") else _dt.date.min
    hi = _dt.date.fromisoformat(str(window["to"])) if window.get("to") else ctx.as_of
    return lo, min(hi, ctx.as_of)


def answered(ctx: Context, spec: dict) -> bool:
    types = spec.get("types") or ([spec["type"]] if "type" in spec else [None])
    return all(ctx.profile.is_answered(spec["kind"], t) for t in types)


def event_missing(spec: dict) -> list[str]:
    types = spec.get("types") or ([spec["type"]] if "type" in spec else [None])
    return [event_key(spec["kind"], t) for t in types]


def _eval_event(cond: dict, ctx: Context) -> tuple[bool | None, str | None, list[str], list[str]]:
    spec = cond["event"]
    found, doubtful = matching_events(ctx, spec)
    keys = event_missing(spec)
    min_count = spec.get("min_count", 1)
    if spec.get("first") and found:
        earlier, earlier_doubt = matching_events(ctx, {**spec, "window": "any"}, in_window=False)
        lo = event_window(ctx, spec)[0]
        if any(e.date < lo for e in earlier):
            first = min(e.date for e in earlier)
            return False, f"此前已于{first.isoformat()}取得，不属首次", keys, []
        if earlier_doubt or not answered(ctx, spec):
            return None, "需确认此前是否已取得过（请完整填报历次记录）", keys, keys
    if len(found) >= min_count:
        dates = "、".join(sorted(e.date.isoformat() for e in found))
        return True, f"已填报：{dates}", keys, []
    if doubtful:
        return None, "有相关事项缺少日期、级别或等级", keys, keys
    if answered(ctx, spec):
        return False, "已确认没有符合条件的事项", keys, []
    return None, "尚未填报", keys, keys


# --- formulas (registered, computational only) --------------------------------

def _consecutive(ctx: Context, args: dict) -> tuple[bool | None, str | None, list[str], list[str]]:
    """The latest of ``count`` recognitions falls in the window and they are
    consecutive: each follows the previous one within ``every_years`` years."""
    spec = {"kind": "recognition", "type": args["type"]}
    keys = event_missing(spec)
    in_window, doubtful = matching_events(ctx, spec)
    all_events, _ = matching_events(ctx, {**spec, "window": "any"}, in_window=False)
    dates = sorted(e.date for e in all_events)
    count, every = args["count"], args["every_years"]
    for latest in sorted((e.date for e in in_window), reverse=True):
        chain = [d for d in dates if d <= latest]
        run = 1
        for a, b in zip(reversed(chain[:-1]), reversed(chain[1:])):
            if (b - a).days <= every * 366 and b != a:
                run += 1
            else:
                break
        if run >= count:
            return True, f"连续{run}次：" + "、".join(d.isoformat() for d in chain[-run:]), keys, []
    if doubtful or not ctx.profile.is_answered("recognition", args["type"]):
        return None, "历次认定或评价的日期尚未完整填报", keys, keys
    return False, f"未连续{count}次（已填报{len(dates)}次）", keys, []


def _registered_previous_year(ctx: Context, args: dict):
    reg = ctx.profile.registration_date
    if reg is None:
        return None, None, ["registration_date"], ["registration_date"]
    ok = reg.year == ctx.as_of.year - 1 and reg >= ctx.window[0]
    return ok, f"登记注册于{reg.isoformat()}", ["registration_date"], []


FORMULAS: dict[str, tuple[Callable, Callable[[dict], str]]] = {
    "consecutive": (_consecutive, lambda a: f"连续{a['count']}次通过{event_label('recognition', a['type'])}（每次间隔不超过{a['every_years']}年），最近一次在政策有效期内"),
    "registered_previous_year": (_registered_previous_year, lambda a: "上一年度（政策有效期内）新设立，本年度为设立次年"),
}


# --- the evaluator --------------------------------------------------------------

def evaluate_condition(cond: dict, ctx: Context, trace: list | None) -> tuple[bool | None, list[str]]:
    """Evaluate once; append leaf steps to ``trace`` (unless None); return (value, missing facts).
    The engine compiles each rule's conditions once (``compile_condition``) and reuses them."""
    return compile_condition(cond)(ctx, trace)


_NO_MISSING: list[str] = []


def compile_condition(cond: dict) -> Callable:
    """Turn a condition into a closure ``f(ctx, trace) -> (value, missing)``: the
    dispatch on the condition's shape happens once, not at every evaluation."""
    label = describe(cond)
    if "all" in cond or "any" in cond:
        is_all = "all" in cond
        children = [compile_condition(c) for c in cond["all" if is_all else "any"]]
        decisive = False if is_all else True

        def node(ctx, trace):
            seen_unknown, missing, decided = False, [], False
            for child in children:
                v, m = child(ctx, trace)
                if v is decisive:
                    decided = True
                elif v is None:
                    seen_unknown = True
                    missing.extend(m)
            if decided:
                return decisive, _NO_MISSING
            if seen_unknown:
                return None, missing
            return (not decisive), _NO_MISSING
        return node
    if "not" in cond:
        inner = compile_condition(cond["not"])

        def negate(ctx, trace):
            sub: list | None = [] if trace is not None else None
            v, m = inner(ctx, sub)
            result = None if v is None else not v
            if trace is not None:
                trace.append(Step(label, _status(result), [r for st in sub for r in st.read],
                                  "；".join(st.value for st in sub if st.value), m))
            return result, m
        return negate
    if "fact" in cond:
        name = cond["fact"]
        op = next(o for o in _OPS if o in cond)
        compare = _OPS[op][1]
        target = cond[op]
        dec_target = Decimal(target) if isinstance(target, int) and not isinstance(target, bool) else target
        read = [name]

        def fact(ctx, trace):
            actual = getattr(ctx.profile, name, None)
            if actual is None:
                if trace is not None:
                    trace.append(Step(label, UNKNOWN, read, "未填写", read))
                return None, read
            result = compare(actual, dec_target if isinstance(actual, Decimal) else target)
            if trace is not None:
                trace.append(Step(label, _status(result), read, _enum_label(name, actual)))
            return result, _NO_MISSING
        return fact
    if "size" in cond:
        allowed = set(cond["size"])

        def size_node(ctx, trace):
            size = ctx.size.size
            result = None if size is None else size in allowed
            missing = (ctx.size.missing or ["size"]) if result is None else _NO_MISSING
            if trace is not None:
                text = SIZE_LABELS.get(size or "", "无法判断") + ("" if size else f"（{ctx.size.reason}）")
                trace.append(Step(label, _status(result), ["size"], text, missing))
            return result, missing
        return size_node
    if "industry" in cond:
        codes = tuple(cond["industry"])
        read = ["industry"]

        def industry(ctx, trace):
            code = ctx.profile.industry
            if code is None:
                result = None
            elif code.startswith(codes):
                result = True
            elif any(c.startswith(code) for c in codes):
                result = None   # a section was given; the rule needs a division of it
            else:
                result = False
            if trace is not None:
                text = "未填写" if code is None else f"{code} {INDUSTRIES.get(code, '')}"
                trace.append(Step(label, _status(result), read, text, read if result is None else []))
            return result, (read if result is None else _NO_MISSING)
        return industry
    if "region" in cond:
        target = cond["region"]
        read = ["region"]

        def region(ctx, trace):
            code = ctx.profile.region
            result = None if code is None else _region_within(code, target)
            if trace is not None:
                text = "未填写" if code is None else REGIONS.get(code, (code,))[0]
                trace.append(Step(label, _status(result), read, text, read if result is None else []))
            return result, (read if result is None else _NO_MISSING)
        return region
    if "event" in cond or "formula" in cond:
        if "event" in cond:
            def run(ctx):
                return _eval_event(cond, ctx)
        else:
            fn, args = FORMULAS[cond["formula"]][0], cond.get("args", {})

            def run(ctx):
                return fn(ctx, args)

        def computed(ctx, trace):
            result, text, read, missing = run(ctx)
            if trace is not None:
                trace.append(Step(label, _status(result), read, text, missing))
            return result, missing
        return computed
    if "since_registration" in cond:
        years = cond["since_registration"]["max_years"]
        read = ["registration_date"]

        def since(ctx, trace):
            reg = ctx.profile.registration_date
            if reg is None:
                if trace is not None:
                    trace.append(Step(label, UNKNOWN, read, "未填写", read))
                return None, read
            try:
                end = reg.replace(year=reg.year + years)
            except ValueError:          # 29 February
                end = reg.replace(year=reg.year + years, day=28)
            result = reg <= ctx.as_of < end
            if trace is not None:
                trace.append(Step(label, _status(result), read, f"登记于{reg.isoformat()}，{years}年期满日{end.isoformat()}"))
            return result, _NO_MISSING
        return since
    raise ValueError(f"unknown condition {cond!r}")  # pragma: no cover - the schema rejects anything else


@lru_cache(maxsize=4096)
def _region_within(code: str, target: str) -> bool | None:
    """Is region ``code`` inside ``target``? None when ``code`` is coarser."""
    def ancestors(c: str) -> list[str]:
        out = [c]
        while c in REGIONS and REGIONS[c][1]:
            c = REGIONS[c][1]
            out.append(c)
        return out
    if target in ancestors(code):
        return True
    if code in ancestors(target):
        return None   # e.g. the city is known, the rule is for one of its counties
    return False
