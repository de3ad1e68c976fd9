"""What a rule is worth: amounts as plain data, computed exactly in yuan.

    {kind: fixed, value: 100000}
    {kind: up_to, max: 200000}                                 "最高不超过": a cap, not a sum
    {kind: percent, rate: "3", base: BASE, cap_each: 50000, cap_per_year: 2000000, cap: …, up_to: bool}
    {kind: per_person_month, value: 1020, events: {kind: hire, type: intern}, min_months: 3, max_months: 12}
    {kind: tiers, base: {fact: …}, previous: {fact: …}, tiers: [{at_least: 5000000, value: 100000}, …]}
    {kind: upgrade_difference, event: {kind: recognition, type: itss}, by_grade: {2: 100000, 1: 200000}}
    {kind: unstated, note: 按规定给予}                          the text names no amount
    {kind: benefit, benefit: exemption|fee_cut|priority|free_service|preferential, percent: 50}

BASE is {fact: NAME} or {events: {kind, type}, field: amount|interest}.
Every computation returns a gate (does the amount itself decide eligibility?),
the amount, and the facts still missing. Money is ``Decimal`` rounded to fen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal

from .conditions import Context, answered, event_missing, event_window, matching_events
from .vocabulary import fact_label

FEN = Decimal("0.01")

BENEFITS = {
    "exemption": "免征/免收", "fee_cut": "费用减免", "priority": "优先/绿色通道",
    "free_service": "免费服务", "preferential": "优惠政策", "tax_relief": "税费优惠",
    "honor": "表彰奖励",
}


@lru_cache(maxsize=8192)
def yuan(value: Decimal | int) -> str:
    """Format money in Chinese: 1,200,000 元 → 120万元."""
    d = Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)
    if d % 10000 == 0 and d != 0:
        return f"{int(d / 10000):,}万元"
    text = f"{d:,.2f}".rstrip("0").rstrip(".")
    return f"{text}元"


@lru_cache(maxsize=8192)
def money_str(value: Decimal | int) -> str:
    d = Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)
    return str(int(d)) if d == d.to_integral_value() else str(d)


@dataclass
class Amount:
    kind: str                     # exact / range / unknown / non_monetary
    min: Decimal | None = None
    max: Decimal | None = None
    text: str = ""
    benefit: str | None = None

    def to_dict(self) -> dict:
        d = {"kind": self.kind, "text": self.text}
        if self.min is not None:
            d["min"] = money_str(self.min)
        if self.max is not None:
            d["max"] = money_str(self.max)
        if self.benefit:
            d["benefit"] = self.benefit
        return d


@dataclass
class Outcome:
    amount: Amount
    gate: bool | None = True       # False: the amount shows no entitlement; None: cannot tell
    missing: list[str] = field(default_factory=list)
    detail: str = ""


def _exact(v: Decimal, detail: str = "") -> Outcome:
    v = v.quantize(FEN, rounding=ROUND_HALF_UP)
    return Outcome(Amount("exact", v, v, yuan(v)), True, [], detail)


def _unknown(missing: list[str], detail: str, gate: bool | None = True) -> Outcome:
    return Outcome(Amount("unknown", text="金额待补充信息后计算"), gate, missing, detail)


def _sum_base(base: dict, ctx: Context) -> tuple[list[tuple], list[str], bool]:
    """Values of the base: [(date-or-None, Decimal)], missing facts, complete?"""
    if "fact" in base:
        v = getattr(ctx.profile, base["fact"], None)
        return ([(None, Decimal(v))] if v is not None else []), ([] if v is not None else [base["fact"]]), v is not None
    spec = base["events"]
    found, doubtful = matching_events(ctx, spec)
    fld = base.get("field", "amount")
    values, missing = [], []
    for ev in found:
        v = getattr(ev, fld)
        if v is None:
            missing.append(f"{event_missing(spec)[0]}.{fld}")
        else:
            values.append((ev.date, Decimal(v)))
    complete = not missing and not doubtful
    return values, sorted(set(missing)), complete


def compute(spec: dict, ctx: Context) -> Outcome:
    kind = spec["kind"]
    if kind == "fixed":
        return _exact(Decimal(spec["value"]))
    if kind == "up_to":
        top = Decimal(spec["max"])
        return Outcome(Amount("range", Decimal(0), top, f"最高{yuan(top)}"))
    if kind == "unstated":
        return Outcome(Amount("unknown", text=spec.get("note", "按规定给予，文件未明确金额")))
    if kind == "benefit":
        label = BENEFITS[spec["benefit"]]
        text = spec.get("description") or label
        if "percent" in spec:
            text = f"{text}（减免{spec['percent']}%）"
        return Outcome(Amount("non_monetary", text=text, benefit=spec["benefit"]))
    if kind == "percent":
        return _percent(spec, ctx)
    if kind == "per_person_month":
        return _per_person_month(spec, ctx)
    if kind == "tiers":
        return _tiers(spec, ctx)
    if kind == "upgrade_difference":
        return _upgrade(spec, ctx)
    raise ValueError(f"unknown amount kind {kind!r}")  # pragma: no cover


def _percent(spec: dict, ctx: Context) -> Outcome:
    rate = Decimal(str(spec["rate"])) / 100
    values, missing, complete = _sum_base(spec["base"], ctx)
    if missing:
        return _unknown(missing, "计算基数未填写")
    cap_each = Decimal(spec["cap_each"]) if "cap_each" in spec else None
    parts = []
    by_year: dict[int | None, Decimal] = {}
    for date, v in values:
        part = v * rate
        if cap_each is not None:
            part = min(part, cap_each)
        parts.append(part)
        key = date.year if (date and "cap_per_year" in spec) else None
        by_year[key] = by_year.get(key, Decimal(0)) + part
    if "cap_per_year" in spec:
        cap_y = Decimal(spec["cap_per_year"])
        total = sum((min(v, cap_y) for v in by_year.values()), Decimal(0))
    else:
        total = sum(parts, Decimal(0))
    if "cap" in spec:
        total = min(total, Decimal(spec["cap"]))
    total = total.quantize(FEN, rounding=ROUND_HALF_UP)
    detail = f"{spec['rate']}% × 基数" + (f"，单项最高{yuan(cap_each)}" if cap_each is not None else "") + \
        (f"，同一年度最高{yuan(Decimal(spec['cap_per_year']))}" if "cap_per_year" in spec else "")
    if spec.get("up_to"):
        return Outcome(Amount("range", Decimal(0), total, f"最高{yuan(total)}"), True, [], detail)
    out = _exact(total, detail)
    if not complete:
        out.missing = missing
    return out


def _per_person_month(spec: dict, ctx: Context) -> Outcome:
    found, doubtful = matching_events(ctx, spec["events"])
    keys = event_missing(spec["events"])
    if not found:
        if doubtful or not answered(ctx, spec["events"]):
            return _unknown(keys, "未填报相关人员", gate=None)
        return Outcome(Amount("exact", Decimal(0), Decimal(0), "0元"), False, [], "没有符合条件的人员")
    lo, hi = spec.get("min_months", 0), spec.get("max_months")
    total = Decimal(0)
    missing: list[str] = []
    any_ok, any_unknown = False, False
    for ev in found:
        if ev.months is None:
            missing.append(f"{keys[0]}.months")
            any_unknown = True
            continue
        if ev.months < lo:
            continue
        any_ok = True
        months = min(ev.months, hi) if hi else ev.months
        if ev.count is None:
            missing.append(f"{keys[0]}.count")
            continue
        total += Decimal(spec["value"]) * ev.count * months
    detail = f"每人每月{yuan(Decimal(spec['value']))}" + (f"，期限{lo}-{hi}个月" if hi else "")
    if not any_ok:
        if any_unknown:
            return _unknown(sorted(set(missing)), detail, gate=None)
        return Outcome(Amount("exact", Decimal(0), Decimal(0), "0元"), False, [], f"期限不足{lo}个月")
    if missing:
        return _unknown(sorted(set(missing)), detail)
    return _exact(total, detail)


def _tiers(spec: dict, ctx: Context) -> Outcome:
    base = getattr(ctx.profile, spec["base"]["fact"], None)
    prev_fact = spec.get("previous", {}).get("fact")
    prev = getattr(ctx.profile, prev_fact, None) if prev_fact else 0
    missing = [f for f, v in ((spec["base"]["fact"], base), (prev_fact, prev)) if f and v is None]
    tiers = sorted(spec["tiers"], key=lambda t: t["at_least"])
    if base is None:
        return _unknown(missing, "", gate=None)
    reached = [t for t in tiers if base >= t["at_least"]]
    if not reached:
        return Outcome(Amount("exact", Decimal(0), Decimal(0), "0元"), False, [],
                       f"{fact_label(spec['base']['fact'])}未达到最低档{yuan(Decimal(tiers[0]['at_least']))}")
    if prev is None:
        return _unknown(missing, "需确认此前是否已达到该档", gate=None)
    new = [t for t in reached if prev < t["at_least"]]
    if not new:
        return Outcome(Amount("exact", Decimal(0), Decimal(0), "0元"), False, [], "此前年度已达到该档，不属首次达到")
    if spec.get("pick", "highest") == "highest":
        best = max(new, key=lambda t: t["at_least"])
        return _exact(Decimal(best["value"]), f"首次达到{yuan(Decimal(best['at_least']))}档")
    return _exact(sum((Decimal(t["value"]) for t in new), Decimal(0)), "首次达到的各档之和")


def _upgrade(spec: dict, ctx: Context) -> Outcome:
    ev_spec = spec["event"]
    by_grade = {int(k): Decimal(v) for k, v in spec["by_grade"].items()}
    keys = event_missing(ev_spec)
    found, doubtful = matching_events(ctx, ev_spec)
    if any(e.grade is None for e in found):
        return _unknown([f"{keys[0]}.grade"], "等级未填写", gate=None)
    found = [e for e in found if e.grade in by_grade]
    if not found:
        if doubtful or not answered(ctx, ev_spec):
            return _unknown(keys, "", gate=None)
        return Outcome(Amount("exact", Decimal(0), Decimal(0), "0元"), False, [], "政策有效期内未取得可奖励的等级")
    best_new = max(by_grade[e.grade] for e in found)
    start = matching_events_window_start(ctx, ev_spec)
    earlier, earlier_doubt = matching_events(ctx, {**ev_spec, "window": "any"}, in_window=False)
    earlier = [e for e in earlier if e.date < start]
    if any(e.grade is None for e in earlier) or earlier_doubt:
        return _unknown([f"{keys[0]}.grade"], "此前等级未填写", gate=None)
    if not earlier and not answered(ctx, ev_spec):
        return _unknown(keys, "需确认此前是否已取得过该等级（请完整填报历次记录）", gate=None)
    already = max((by_grade.get(e.grade, Decimal(0)) for e in earlier), default=Decimal(0))
    diff = best_new - already
    if diff <= 0:
        return Outcome(Amount("exact", Decimal(0), Decimal(0), "0元"), False, [], "此前已取得同等或更高等级")
    detail = f"由低等次向高等次晋级，奖励差额部分（此前等级对应{yuan(already)}）" if already else ""
    return _exact(diff, detail)


def matching_events_window_start(ctx: Context, spec: dict):
    return event_window(ctx, spec)[0]


def potential_max(spec: dict) -> Decimal | None:
    """The most a rule could pay, from its data alone (for ordering questions)."""
    kind = spec["kind"]
    if kind == "fixed":
        return Decimal(spec["value"])
    if kind == "up_to":
        return Decimal(spec["max"])
    if kind == "percent":
        for cap in ("cap", "cap_per_year", "cap_each"):
            if cap in spec:
                return Decimal(spec[cap])
        return None
    if kind == "tiers":
        return max(Decimal(t["value"]) for t in spec["tiers"])
    if kind == "upgrade_difference":
        return max(Decimal(v) for v in spec["by_grade"].values())
    if kind == "per_person_month" and spec.get("max_months"):
        return Decimal(spec["value"]) * spec["max_months"]
    return None


def describe_amount(spec: dict) -> str:
    """Plain-Chinese statement of an amount rule (policy pages, coverage)."""
    from .vocabulary import event_label
    kind = spec["kind"]
    if kind == "fixed":
        return f"{yuan(Decimal(spec['value']))}（确定金额）"
    if kind == "up_to":
        return f"最高不超过{yuan(Decimal(spec['max']))}（上限，不是固定金额）"
    if kind == "unstated":
        return spec.get("note", "按规定给予，文件未明确金额")
    if kind == "benefit":
        text = spec.get("description") or BENEFITS[spec["benefit"]]
        return f"{BENEFITS[spec['benefit']]}：{text}" + (f"（减免{spec['percent']}%）" if "percent" in spec else "")
    if kind == "percent":
        base = spec["base"]
        if "fact" in base:
            what = fact_label(base["fact"])
        else:
            ev = base["events"]
            types = ev.get("types") or [ev.get("type")]
            field = {"amount": "金额", "interest": "已付利息"}.get(base.get("field", "amount"), "金额")
            what = "、".join(event_label(ev["kind"], t) for t in types) + "的" + field
        text = f"按{what}的{spec['rate']}%"
        if "cap_each" in spec:
            text += f"，单项最高{yuan(Decimal(spec['cap_each']))}"
        if "cap_per_year" in spec:
            text += f"，同一年度最高{yuan(Decimal(spec['cap_per_year']))}"
        if "cap" in spec:
            text += f"，合计最高{yuan(Decimal(spec['cap']))}"
        return text + ("（“不超过”，结果为上限）" if spec.get("up_to") else "")
    if kind == "per_person_month":
        text = f"每人每月{yuan(Decimal(spec['value']))}"
        if spec.get("min_months") and spec.get("max_months"):
            text += f"，期限{spec['min_months']}-{spec['max_months']}个月"
        elif spec.get("max_months"):
            text += f"，最长{spec['max_months']}个月"
        return text
    if kind == "tiers":
        tiers = "、".join(f"达到{yuan(Decimal(t['at_least']))}给予{yuan(Decimal(t['value']))}"
                          for t in sorted(spec["tiers"], key=lambda t: t["at_least"]))
        return f"按{fact_label(spec['base']['fact'])}首次达到的档次：{tiers}"
    if kind == "upgrade_difference":
        grades = "、".join(f"{g}级{yuan(Decimal(v))}" for g, v in spec["by_grade"].items())
        return f"按等级：{grades}；由低等次向高等次晋级的，奖励差额部分"
    return kind
