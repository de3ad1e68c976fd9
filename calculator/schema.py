"""The policy file schema (pydantic), used at build time on CPython.

A policy file describes one document: its metadata and validity, every clause
with its original text, and the rules each granting clause yields. Conditions
and amounts are checked by ``lint`` below with precise paths, so that an
editor gets the exact line and a Chinese explanation.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ._standards import INDUSTRIES, REGIONS, SIZE_LABELS
from .amounts import BENEFITS
from .conditions import FORMULAS
from .vocabulary import ENUMS, EVENT_TYPES, FACTS

RULE_KINDS = {
    "award": "奖励", "subsidy": "补助/补贴", "interest_subsidy": "贴息", "exemption": "免征/免收",
    "fee_cut": "费用减免", "priority": "优先/绿色通道", "free_service": "免费服务",
    "tax_relief": "税费优惠", "preferential": "优惠政策", "honor": "表彰",
}
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Validity(_Strict):
    from_: _dt.date = Field(alias="from", description="生效日期")
    to: _dt.date | None = Field(default=None, description="截止日期；文件未规定时留空并设 open_ended: true")
    open_ended: bool = Field(default=False, description="文件未规定截止日期")
    note: str | None = Field(default=None, description="有效期说明（原文依据）")

    @model_validator(mode="after")
    def _check(self) -> "Validity":
        if self.to is None and not self.open_ended:
            raise ValueError("未填写截止日期（to）时，必须写明 open_ended: true，表示文件未规定截止日期")
        if self.to is not None and self.open_ended:
            raise ValueError("已填写截止日期（to），不能同时设 open_ended: true")
        if self.to is not None and self.to < self.from_:
            raise ValueError("截止日期早于生效日期")
        return self


class RuleValidity(_Strict):
    from_: _dt.date | None = Field(default=None, alias="from")
    to: _dt.date | None = None


class Stacking(_Strict):
    on_top_of: list[str] = Field(default_factory=list, description="在这些（上级）规则基础上叠加，全额计入")
    exclusive_group: str | None = Field(default=None, description="互斥组：同组规则只计一项（金额最高者）")
    note: str | None = None


class Expect(_Strict):
    status: Literal["eligible", "not_eligible", "unknown", "not_in_force"]
    amount: int | Annotated[str, Field(pattern=r"^\d+\.\d{1,2}$")] | None = Field(
        default=None, description="确定金额（元）；有角分时写成带引号的字符串，如 \"49999.98\"")
    max: int | None = Field(default=None, description="“最高不超过”类金额的上限（元）")
    missing: list[str] | None = Field(default=None, description="应提示补充的信息")


class Example(_Strict):
    name: str = Field(min_length=4, description="用一句话说明这个例子")
    as_of: _dt.date
    profile: dict[str, Any] = Field(default_factory=dict)
    drop: list[str] = Field(default_factory=list, description="从文件的 example_profile 中删去的字段")
    expect: Expect


class Rule(_Strict):
    id: str = Field(pattern=ID_PATTERN, description="全站唯一的规则编号（小写字母、数字、连字符）")
    label: str = Field(min_length=2)
    kind: Literal[tuple(RULE_KINDS)]  # type: ignore[valid-type]
    quote: str = Field(min_length=4, description="原文语句（须与条款原文一致）")
    department: str = Field(min_length=2, description="受理/牵头部门")
    recipient: str = "企业"
    when: dict[str, Any] | None = None
    amount: dict[str, Any]
    stacking: Stacking | None = None
    valid: RuleValidity | None = None
    interpretation: str | None = Field(default=None, description="条文可作两种理解时，本规则采用的理解")
    examples: list[Example] = Field(min_length=2)


class PublishedGrant(_Strict):
    recipient: str
    purpose: str
    amount: str
    quote: str


class ScoringIndicator(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    level1: str
    level2: str
    level3: str
    points: str = Field(description="分值，如 \"4\" 或 \"0.5\"（字符串，避免浮点）")
    indicator: str
    standard: str
    method: Literal["items", "ratio", "deductions", "choice", "rate", "direct"]
    items: list[dict[str, Any]] = Field(default_factory=list)


class ScoringTable(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    clause: str
    total: int
    indicators: list[ScoringIndicator]
    grades: list[dict[str, Any]]

    @model_validator(mode="after")
    def _sums(self) -> "ScoringTable":
        from decimal import Decimal
        total = sum((Decimal(i.points) for i in self.indicators), Decimal(0))
        if total != self.total:
            raise ValueError(f"各指标分值合计为{total}，与总分{self.total}不一致")
        return self


class Amends(_Strict):
    document: str = Field(pattern=ID_PATTERN, description="被修订（替代）的政策文件编号")
    from_: _dt.date = Field(alias="from", description="本文件替代旧文件的日期；此前的日期仍按旧文件计算")


class Clause(_Strict):
    id: str = Field(pattern=ID_PATTERN, description="条款锚点（小写字母、数字、连字符），发布后不要改动")
    number: str
    title: str | None = None
    section: str | None = Field(default=None, description="所属章节标题（如“一、加大纾困资金支持”）")
    text: str = Field(min_length=1)
    informational: str | None = Field(default=None, description="不授予具体权益的条款：一句话概要")
    rules: list[Rule] = Field(default_factory=list)
    published_grants: list[PublishedGrant] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coverage(self) -> "Clause":
        if not self.rules and not self.informational and not self.published_grants:
            raise ValueError("条款既没有规则，也没有标注为说明性条款（informational）：授予权益的条款必须编码为规则")
        return self


class Document(_Strict):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    issuer: str
    number: str | None = None
    date: _dt.date
    level: Literal["province", "city", "county"]
    jurisdiction: str
    source_file: str
    summary: str
    validity: Validity
    amends: Amends | None = Field(default=None, description="本文件修订（替代）另一文件时填写")
    example_profile: dict[str, Any] = Field(default_factory=dict)
    clauses: list[Clause] = Field(min_length=1)
    scoring_tables: list[ScoringTable] = Field(default_factory=list)

    @field_validator("jurisdiction")
    @classmethod
    def _region(cls, v: str) -> str:
        if v not in REGIONS:
            raise ValueError(f"“{v}”不是山西省的行政区划代码（GB/T 2260）")
        return v


# --- lint of conditions and amounts (plain data, precise paths) -------------------

_FACT_OPS = ("eq", "in", "ge", "gt", "le", "lt", "is")
_COND_KEYS = ("all", "any", "not", "fact", "size", "industry", "region", "event", "since_registration", "formula")


def lint_condition(cond: Any, path: tuple) -> list[tuple[tuple, str]]:
    errs: list[tuple[tuple, str]] = []
    if not isinstance(cond, dict):
        return [(path, "条件应为一个对象（键: 值）")]
    keys = [k for k in cond if k in _COND_KEYS]
    extra = [k for k in cond if k not in _COND_KEYS and k not in _FACT_OPS and k not in ("label", "args")]
    if extra:
        errs.append((path, f"不认识的键：{', '.join(extra)}；条件可用：{', '.join(_COND_KEYS)}"))
    if len(keys) != 1:
        return errs + [(path, f"每个条件必须恰好使用以下之一：{', '.join(_COND_KEYS)}（现有：{', '.join(keys) or '无'}）")]
    key = keys[0]
    val = cond[key]
    if key in ("all", "any"):
        if not isinstance(val, list) or not val:
            return errs + [(path + (key,), "应为非空列表")]
        for i, c in enumerate(val):
            errs += lint_condition(c, path + (key, i))
    elif key == "not":
        errs += lint_condition(val, path + ("not",))
    elif key == "fact":
        if val not in FACTS:
            errs.append((path + ("fact",), f"未知的事实“{val}”，可用：{', '.join(FACTS)}"))
        ops = [o for o in _FACT_OPS if o in cond]
        if len(ops) != 1:
            errs.append((path, f"比较条件需要恰好一个比较符：{', '.join(_FACT_OPS)}"))
        elif val in FACTS:
            ftype = FACTS[val][0]
            target = cond[ops[0]]
            if ftype == "bool" and ops[0] != "is":
                errs.append((path, "是/否类事实请用 is: true 或 is: false"))
            if ftype.startswith("enum:"):
                allowed = ENUMS[ftype[5:]]
                for t in (target if isinstance(target, list) else [target]):
                    if t not in allowed:
                        errs.append((path + (ops[0],), f"“{t}”不是允许的取值：{', '.join(allowed)}"))
            if ftype in ("int", "money", "percent") and (isinstance(target, bool) or not isinstance(target, (int, str))):
                errs.append((path + (ops[0],), "应为整数（金额以元为单位）"))
    elif key == "size":
        if not isinstance(val, list) or any(s not in SIZE_LABELS for s in val):
            errs.append((path + ("size",), f"应为列表，取值：{', '.join(SIZE_LABELS)}"))
    elif key == "industry":
        if not isinstance(val, list) or any(c not in INDUSTRIES for c in val):
            errs.append((path + ("industry",), "应为 GB/T 4754-2017 行业代码列表（如 [B, C, D] 或 [I65]）"))
    elif key == "region":
        if val not in REGIONS:
            errs.append((path + ("region",), f"“{val}”不是山西省的行政区划代码"))
    elif key == "event":
        errs += lint_event(val, path + ("event",))
    elif key == "since_registration":
        if not isinstance(val, dict) or not isinstance(val.get("max_years"), int):
            errs.append((path + (key,), "应为 {max_years: 整数}"))
    elif key == "formula":
        if val not in FORMULAS:
            errs.append((path + ("formula",), f"未登记的计算函数“{val}”，可用：{', '.join(FORMULAS)}"))
    return errs


def lint_event(spec: Any, path: tuple) -> list[tuple[tuple, str]]:
    if not isinstance(spec, dict):
        return [(path, "事项条件应为对象，如 {kind: listing, type: neeq}")]
    errs = []
    allowed = {"kind", "type", "types", "level", "levels", "grade", "window", "first", "min_count", "min_amount"}
    extra = set(spec) - allowed
    if extra:
        errs.append((path, f"不认识的键：{', '.join(sorted(extra))}；可用：{', '.join(sorted(allowed))}"))
    kind = spec.get("kind")
    if kind not in EVENT_TYPES:
        return errs + [(path + ("kind",), f"未知的事项类别“{kind}”，可用：{', '.join(EVENT_TYPES)}")]
    types = spec.get("types") or ([spec["type"]] if "type" in spec else [])
    for t in types:
        if t not in EVENT_TYPES[kind]:
            errs.append((path + ("type",), f"“{t}”不是{kind}的类型，可用：{', '.join(EVENT_TYPES[kind])}"))
    for lv in spec.get("levels") or ([spec["level"]] if "level" in spec else []):
        if lv not in ENUMS["level"]:
            errs.append((path + ("level",), f"“{lv}”不是级别，可用：{', '.join(ENUMS['level'])}"))
    window = spec.get("window", "validity")
    if not (window in ("validity", "any") or (isinstance(window, dict) and set(window) <= {"from", "to"})):
        errs.append((path + ("window",), "时间窗口应为 validity、any 或 {from: 日期, to: 日期}"))
    return errs


_AMOUNT_FIELDS = {
    "fixed": ({"value"}, set()),
    "up_to": ({"max"}, set()),
    "percent": ({"rate", "base"}, {"cap", "cap_each", "cap_per_year", "up_to"}),
    "per_person_month": ({"value", "events"}, {"min_months", "max_months"}),
    "tiers": ({"base", "tiers"}, {"previous", "pick"}),
    "upgrade_difference": ({"event", "by_grade"}, set()),
    "unstated": (set(), {"note"}),
    "benefit": ({"benefit"}, {"percent", "description"}),
}


def lint_amount(spec: Any, path: tuple) -> list[tuple[tuple, str]]:
    if not isinstance(spec, dict) or spec.get("kind") not in _AMOUNT_FIELDS:
        return [(path + ("kind",), f"金额类型应为：{', '.join(_AMOUNT_FIELDS)}")]
    required, optional = _AMOUNT_FIELDS[spec["kind"]]
    errs = []
    missing = required - set(spec)
    extra = set(spec) - required - optional - {"kind"}
    if missing:
        errs.append((path, f"{spec['kind']} 类金额缺少：{', '.join(sorted(missing))}"))
    if extra:
        errs.append((path, f"{spec['kind']} 类金额不认识的键：{', '.join(sorted(extra))}"))
    for key in ("value", "max", "cap", "cap_each", "cap_per_year", "min_months", "max_months"):
        if key in spec and (isinstance(spec[key], bool) or not isinstance(spec[key], int) or spec[key] < 0):
            errs.append((path + (key,), "应为非负整数（金额以元为单位，不用小数）"))
    if "rate" in spec and not (isinstance(spec["rate"], str) and re.fullmatch(r"\d+(\.\d+)?", spec["rate"])):
        errs.append((path + ("rate",), "比例应写成带引号的百分数，如 \"3\" 表示 3%（避免浮点误差）"))
    for key in ("base", "previous"):
        if key in spec:
            b = spec[key]
            if not isinstance(b, dict) or not (("fact" in b and b["fact"] in FACTS) or "events" in b):
                errs.append((path + (key,), "计算基数应为 {fact: 事实名} 或 {events: {kind, type}, field: amount}"))
            elif "events" in b:
                errs += lint_event(b["events"], path + (key, "events"))
    if "events" in spec:
        errs += lint_event(spec["events"], path + ("events",))
    if "event" in spec:
        errs += lint_event(spec["event"], path + ("event",))
    if spec["kind"] == "tiers":
        tiers = spec.get("tiers")
        if not isinstance(tiers, list) or not tiers or not all(isinstance(t, dict) and set(t) == {"at_least", "value"} for t in tiers):
            errs.append((path + ("tiers",), "档次应为列表，每档 {at_least: 门槛（元）, value: 金额（元）}"))
    if spec["kind"] == "benefit" and spec.get("benefit") not in BENEFITS:
        errs.append((path + ("benefit",), f"非货币权益类型应为：{', '.join(BENEFITS)}"))
    return errs
