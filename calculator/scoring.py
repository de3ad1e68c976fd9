"""The performance-evaluation scorer (绩效评价), driven by a scoring table encoded in policies/.

Per indicator the evaluator gives either the points directly or the figures the
table computes them from:

    items       {"items": ["设有目标", "目标明确"]}          points of the items met
    ratio       {"actual": 380, "planned": 400}             points × min(actual / planned, 1)
    choice      {"choice": "不及时但未影响项目进度"}            the points of that choice
    deductions  {"deductions": {"超预算": 3}}                points − deductions (each within its range)
    rate        {"rate": "92.5"}                            points × rate%  (rate 0–100)
    any method  {"points": "2.5"}                           the points themselves (0 … indicator's points)

Totals are exact (Decimal); the grade follows the table's bands (优 ≥ 90, 良 75–<90, 中 60–<75, 差 < 60).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import CalculatorError, Issue


class ScoreError(CalculatorError):
    """A score sheet entry is outside what the scoring table allows."""

    code = "invalid_score"


def _dec(value: Any, field: str, issues: list[Issue], what: str) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        issues.append(Issue(field, f"{what}应为数字"))
        return None
    try:
        d = Decimal(str(value).strip().replace("％", "").rstrip("%"))
    except InvalidOperation:
        issues.append(Issue(field, f"{what}应为数字（收到“{value}”）"))
        return None
    if not d.is_finite():
        issues.append(Issue(field, f"{what}应为有限的数字"))
        return None
    return d


def score_indicator(ind: dict, entry: Any, issues: list[Issue]) -> Decimal | None:
    """Points for one indicator, or None (with issues) when the entry is invalid."""
    field = ind["id"]
    name = f"{ind['level3']}（{ind['points']}分）"
    top = Decimal(ind["points"])
    if entry is None:
        issues.append(Issue(field, f"{name}：未填写"))
        return None
    if not isinstance(entry, dict):
        entry = {"points": entry}
    if "points" in entry:
        p = _dec(entry["points"], field, issues, f"{name}的得分")
        if p is None:
            return None
        if not (0 <= p <= top):
            issues.append(Issue(field, f"{name}：得分{p}超出范围，应在0至{top}分之间"))
            return None
        return p
    method = ind["method"]
    items = {i["label"]: i for i in ind.get("items", [])}
    if method == "items":
        chosen = entry.get("items", [])
        unknown = [c for c in chosen if c not in items]
        if unknown or not isinstance(chosen, list):
            issues.append(Issue(field, f"{name}：不认识的评分项“{'、'.join(map(str, unknown))}”，可选：{'、'.join(items)}"))
            return None
        return sum((Decimal(items[c]["points"]) for c in set(chosen)), Decimal(0))
    if method == "ratio":
        actual = _dec(entry.get("actual"), field, issues, f"{name}的实际到位资金")
        planned = _dec(entry.get("planned"), field, issues, f"{name}的计划到位资金")
        if actual is None or planned is None:
            return None
        if planned <= 0 or actual < 0:
            issues.append(Issue(field, f"{name}：计划到位资金应大于0、实际到位资金不能为负数"))
            return None
        return (top * min(actual / planned, Decimal(1))).quantize(Decimal("0.01"))
    if method == "choice":
        choice = entry.get("choice")
        if choice not in items:
            issues.append(Issue(field, f"{name}：请选择其一：{'、'.join(items)}"))
            return None
        return Decimal(items[choice]["points"])
    if method == "deductions":
        total = Decimal(0)
        for label, amount in (entry.get("deductions") or {}).items():
            if label not in items:
                issues.append(Issue(field, f"{name}：不认识的扣分项“{label}”，可选：{'、'.join(items)}"))
                return None
            d = _dec(amount, field, issues, f"{name}“{label}”的扣分")
            if d is None:
                return None
            lo, hi = Decimal(items[label]["min"]), Decimal(items[label]["max"])
            if d != 0 and not (lo <= d <= hi):
                issues.append(Issue(field, f"{name}：“{label}”扣分{d}超出范围，应为{lo}至{hi}分（或0表示不扣）"))
                return None
            total += d
        return max(top - total, Decimal(0))
    if method == "rate":
        rate = _dec(entry.get("rate"), field, issues, f"{name}的完成率")
        if rate is None:
            return None
        if not (0 <= rate <= 100):
            issues.append(Issue(field, f"{name}：完成率{rate}%超出范围，应在0%至100%之间"))
            return None
        return (top * rate / 100).quantize(Decimal("0.01"))
    issues.append(Issue(field, f"{name}：此指标请直接填写得分（0至{top}分）"))
    return None


def grade_of(table: dict, total: Decimal) -> str:
    for band in sorted(table["grades"], key=lambda g: Decimal(g["at_least"]), reverse=True):
        if total >= Decimal(band["at_least"]):
            return band["grade"]
    return table["grades"][-1]["grade"]


def score(table: dict, entries: dict) -> dict:
    """Score a sheet: per-indicator points, total out of the table's total, and the grade."""
    if not isinstance(entries, dict):
        raise ScoreError([Issue("", "评分数据应为对象：指标编号 → 填写内容")])
    issues: list[Issue] = []
    known = {i["id"] for i in table["indicators"]}
    for key in entries:
        if key not in known:
            issues.append(Issue(str(key), f"不认识的指标编号“{key}”，可用：{'、'.join(sorted(known))}"))
    rows = []
    for ind in table["indicators"]:
        pts = score_indicator(ind, entries.get(ind["id"]), issues)
        rows.append({"id": ind["id"], "level1": ind["level1"], "level2": ind["level2"], "level3": ind["level3"],
                     "max": ind["points"], "points": None if pts is None else _fmt(pts)})
    if issues:
        raise ScoreError(issues)
    total = sum((Decimal(r["points"]) for r in rows), Decimal(0))
    return {"type": "score", "table": table["id"], "title": table["title"], "indicators": rows,
            "total": _fmt(total), "out_of": str(table["total"]), "grade": grade_of(table, total)}


def _fmt(d: Decimal) -> str:
    d = d.quantize(Decimal("0.01"))
    return str(d.normalize()) if d != d.to_integral_value() else str(int(d))
