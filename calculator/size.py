"""Enterprise size by 中小企业划型标准规定 (工信部联企业〔2011〕300号).

Three-valued: with partial figures the size is decided when every reading of
the missing figures gives the same answer, otherwise it is unknown and the
missing figures are named. Individual businesses are classified the same way
(第七条: 个体工商户参照本规定进行划型).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._standards import INDICATOR_LABELS, SIZE_GROUPS, SIZE_LABELS, SIZE_STANDARD_CITATION, size_groups_for

_FIELD_OF = {"X": "employees", "Y": "revenue", "Z": "assets"}
_UNIT = {"X": 1, "Y": 10_000, "Z": 10_000}


@dataclass
class SizeResult:
    size: str | None                    # large / medium / small / micro, None when unknown
    group: str | None
    reason: str                         # Chinese explanation
    missing: list[str] = field(default_factory=list)
    source: str = "derived"             # derived / stated / none

    def to_dict(self) -> dict:
        return {
            "size": self.size, "label": SIZE_LABELS.get(self.size or "", "未知"),
            "group": self.group, "group_label": SIZE_GROUPS[self.group]["label"] if self.group else None,
            "reason": self.reason, "missing": self.missing, "source": self.source,
            "citation": SIZE_STANDARD_CITATION,
        }


def _fmt(ind: str, bound: int) -> str:
    unit = "人" if ind == "X" else "万元"
    return f"{INDICATOR_LABELS[ind]}{bound}{unit}"


def _below(values: dict, ind: str, bound: int) -> bool | None:
    v = values.get(ind)
    return None if v is None else v < bound * _UNIT[ind]


def _any(items: list[bool | None]) -> bool | None:
    if any(i is True for i in items):
        return True
    return None if any(i is None for i in items) else False


def _all(items: list[bool | None]) -> bool | None:
    if any(i is False for i in items):
        return False
    return None if any(i is None for i in items) else True


def _classify_group(group: str, values: dict) -> tuple[str | None, str]:
    row = SIZE_GROUPS[group]
    sme = _any([_below(values, i, b) for i, b in row["sme"].items()])
    if sme is False:
        return "large", "不满足中小微企业上限（" + "或".join(_fmt(i, b) + "以下" for i, b in row["sme"].items()) + "）"
    for level in ("medium", "small"):
        meets = _all([None if _below(values, i, b) is None else not _below(values, i, b)
                      for i, b in row[level].items()])
        lower = "且".join(_fmt(i, b) + "及以上" for i, b in row[level].items())
        if meets is True:
            if sme is None:
                return None, ""
            return level, f"{row['label']}：{lower}，为{SIZE_LABELS[level]}"
        if meets is None:
            return None, ""
    if sme is None:
        return None, ""
    small = "且".join(_fmt(i, b) + "及以上" for i, b in row["small"].items())
    return "micro", f"{row['label']}：未同时达到小型企业下限（{small}），为微型企业"


def classify(industry: str | None, employees: int | None = None, revenue: int | None = None,
             assets: int | None = None) -> SizeResult:
    """Size of an enterprise from its industry and figures (revenue, assets in yuan)."""
    if industry is None:
        return SizeResult(None, None, "缺少所属行业，无法按划型标准判断", ["industry"], "none")
    values = {"X": employees, "Y": revenue, "Z": assets}
    groups = size_groups_for(industry)
    outcomes = {g: _classify_group(g, values) for g in groups}
    sizes = {o[0] for o in outcomes.values()}
    needed = sorted({_FIELD_OF[i] for g in groups for lvl in ("sme", "medium", "small")
                     for i in SIZE_GROUPS[g][lvl] if values[i] is None})
    if len(sizes) == 1 and None not in sizes:
        size = sizes.pop()
        group = groups[0] if len(groups) == 1 else None
        reason = next(iter(outcomes.values()))[1] if len(groups) == 1 else \
            f"该门类下各行业（{'、'.join(SIZE_GROUPS[g]['label'] for g in groups)}）划型结果相同：{SIZE_LABELS[size]}"
        return SizeResult(size, group, f"{reason}（依据{SIZE_STANDARD_CITATION}）", [], "derived")
    if len(groups) > 1 and None not in sizes:
        return SizeResult(None, None, "该行业门类包含划型标准不同的行业，需选择行业大类", ["industry"], "none")
    missing = needed + (["industry"] if len(groups) > 1 else [])
    labels = "、".join({"employees": "从业人员", "revenue": "营业收入", "assets": "资产总额", "industry": "行业大类"}[m] for m in missing)
    return SizeResult(None, groups[0] if len(groups) == 1 else None, f"缺少{labels}，无法按划型标准判断", missing, "none")


def size_of(profile) -> SizeResult:
    """The size used for evaluation: derived from figures when possible, else the stated one."""
    derived = classify(profile.industry, profile.employees, profile.revenue, profile.assets)
    if derived.size is not None:
        if profile.size and profile.size != derived.size:
            derived.reason += f"；注意：自报规模为{SIZE_LABELS[profile.size]}，与按经营数据测算的结果不一致，按测算结果计算"
        return derived
    if profile.size:
        return SizeResult(profile.size, derived.group, f"按企业自报规模：{SIZE_LABELS[profile.size]}（未按经营数据核验）", [], "stated")
    return derived
