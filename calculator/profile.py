"""The enterprise profile: what an enterprise says about itself.

Every field is optional – "unknown" is a legitimate answer and the engine
treats a missing fact as unknown, never as "no". Two pydantic models only
(``Profile`` and ``Event``): model definition is costly in WebAssembly.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from ._standards import INDUSTRIES, REGIONS
from .errors import PYDANTIC_MESSAGES, Issue, ProfileError
from .vocabulary import EVENT_FIELDS, EVENT_KINDS, EVENT_TYPES, FACTS

MAX_MONEY = 10**15          # 1,000 trillion yuan: anything above is a typing error
MAX_PERSONS = 10_000_000
EARLIEST_DATE = _dt.date(1949, 10, 1)

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－％", "0123456789.,-%")


def _normalise_number(value: Any) -> Any:
    """Accept 1,200,000 / １２３ / 120万 / 1.5亿 in number fields; leave the rest to pydantic."""
    if isinstance(value, bool) or not isinstance(value, str):
        return value
    text = value.translate(_FULLWIDTH).strip().replace(",", "").replace(" ", "").replace("元", "")
    factor = 1
    if text.endswith("万"):
        factor, text = 10_000, text[:-1]
    elif text.endswith("亿"):
        factor, text = 100_000_000, text[:-1]
    text = text.rstrip("%人个月")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return value
    number = Decimal(text) * factor
    return int(number) if number == number.to_integral_value() else value


def _normalise_percent(value: Any) -> Any:
    if isinstance(value, str):
        text = value.translate(_FULLWIDTH).strip().rstrip("%")
        try:
            return Decimal(text)
        except InvalidOperation:
            return value
    if isinstance(value, float):
        return Decimal(str(value))
    return value


Money = Annotated[int, BeforeValidator(_normalise_number), Field(ge=0, le=MAX_MONEY, strict=False)]
Persons = Annotated[int, BeforeValidator(_normalise_number), Field(ge=0, le=MAX_PERSONS)]
Percent = Annotated[Decimal, BeforeValidator(_normalise_percent), Field(ge=-100, le=100000)]
Level = Literal["national", "province", "city", "county"]

_EVENT_KIND_NAMES = tuple(EVENT_KINDS)


class Event(BaseModel):
    """A dated fact: a recognition, a listing, a transaction, a hire, a loan …"""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[_EVENT_KIND_NAMES]  # type: ignore[valid-type]
    type: str
    date: _dt.date | None = None
    level: Level | None = None
    grade: int | None = Field(default=None, ge=1, le=5)
    amount: Money | None = None
    interest: Money | None = None
    count: Persons | None = None
    months: Annotated[int, BeforeValidator(_normalise_number), Field(ge=0, le=600)] | None = None
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _check_type(self) -> "Event":
        if self.type not in EVENT_TYPES[self.kind]:
            allowed = "、".join(f"{k}（{v}）" for k, v in EVENT_TYPES[self.kind].items())
            raise ValueError(f"@type:未知的事项类型“{self.type}”，可选：{allowed}")
        if self.date is not None and self.date < EARLIEST_DATE:
            raise ValueError("@date:日期不能早于1949年10月1日")
        return self


class Profile(BaseModel):
    """An enterprise (or individual business) as it describes itself."""

    model_config = ConfigDict(extra="forbid", title="企业画像")

    name: str | None = Field(default=None, max_length=200, description="企业名称（仅保存在本机）")
    region: str | None = None
    entity_kind: Literal["enterprise", "individual_business"] | None = None
    industry: str | None = None
    registration_date: _dt.date | None = None
    employees: Persons | None = None
    revenue: Money | None = None
    assets: Money | None = None
    main_business_revenue: Money | None = None
    prior_max_main_business_revenue: Money | None = None
    above_scale: bool | None = None
    size: Literal["large", "medium", "small", "micro"] | None = None
    annual_report_published: bool | None = None
    no_violations: bool | None = None
    operating_normally: bool | None = None
    disabled_below_quota: bool | None = None
    small_scale_taxpayer: bool | None = None
    disaster_loss: bool | None = None
    in_difficulty: bool | None = None
    strategic_emerging: bool | None = None
    livelihood_service: bool | None = None
    severely_affected: bool | None = None
    top_taxpayer: bool | None = None
    supplies_large_enterprise: bool | None = None
    base_investor: bool | None = None
    base_operator: bool | None = None
    in_startup_base: bool | None = None
    characteristic_industry: bool | None = None
    joint_stock_reformed: bool | None = None
    revenue_growth_pct: Percent | None = None
    profit_margin_pct: Percent | None = None
    returnee_founder: bool | None = None
    first_time_founder: bool | None = None
    service_provider: bool | None = None
    ip_pledge_financed: bool | None = None
    stats_staff_qualified: bool | None = None
    military_civil_applicant: bool | None = None
    energy_compliant: bool | None = None
    layoff_rate_ok: bool | None = None
    events: list[Event] = Field(default_factory=list, max_length=2000)
    answered: list[str] = Field(
        default_factory=list,
        description="已完整填报的事项类别（如 \"listing\"、\"recognition.high_tech\"，\"*\" 表示全部）："
        "这些类别中未列出的事项视为“没有”，而非“未知”。",
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (v is None or (isinstance(v, str) and v.strip() == ""))}
        return data

    @model_validator(mode="after")
    def _check_codes(self) -> "Profile":
        if self.region is not None and (not re.fullmatch(r"\d{6}", self.region)
                                        or (self.region.startswith("14") and self.region not in REGIONS)):
            raise ValueError(f"@region:地区代码“{self.region}”不是有效的行政区划代码（GB/T 2260，六位数字，如 140825 新绛县）")
        if self.industry is not None and self.industry not in INDUSTRIES:
            raise ValueError(f"@industry:行业代码“{self.industry}”不存在，应为 GB/T 4754-2017 的门类字母或大类代码（如 C、I65）")
        if self.registration_date is not None and self.registration_date < EARLIEST_DATE:
            raise ValueError("@registration_date:登记注册日期不能早于1949年10月1日")
        for item in self.answered:
            kind, _, type_ = item.partition(".")
            if item != "*" and (kind not in EVENT_TYPES or (type_ and type_ not in EVENT_TYPES[kind])):
                raise ValueError(f"@answered:“{item}”不是可识别的事项类别，应为事项类别（如 listing）或“类别.类型”或 *")
        return self

    def known(self, fact: str) -> bool:
        return getattr(self, fact, None) is not None

    def is_answered(self, kind: str, type_: str | None) -> bool:
        marks = self.answered
        return "*" in marks or kind in marks or (type_ is not None and f"{kind}.{type_}" in marks)


# --- Chinese error messages -------------------------------------------------

_MESSAGES = {**PYDANTIC_MESSAGES, "int_parsing": "应为整数（可写 1200000、1,200,000 或 120万）"}


def _label(loc: tuple) -> str:
    names = []
    for part in loc:
        if isinstance(part, int):
            names.append(f"第{part + 1}项")
        elif part in FACTS:
            names.append(FACTS[part][1])
        elif part == "events":
            names.append("事项")
        elif part in EVENT_FIELDS:
            names.append(EVENT_FIELDS[part])
        elif part in ("kind", "type"):
            names.append({"kind": "事项类别", "type": "事项类型"}[part])
        else:
            names.append(str(part))
    return " › ".join(names)


def _translate(err: dict) -> Issue:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    kind = err["type"]
    ctx = err.get("ctx") or {}
    msg = err.get("msg", "")
    if kind == "value_error":
        text = str(ctx.get("error", msg)).removeprefix("Value error, ")
        if text.startswith("@"):
            field, _, text = text[1:].partition(":")
            loc = loc + (field,)
        message = text
    elif kind in ("greater_than_equal", "greater_than"):
        message = f"不能小于 {ctx.get('ge', ctx.get('gt'))}" + ("（不能为负数）" if str(ctx.get("ge", ctx.get("gt"))) == "0" else "")
    elif kind in ("less_than_equal", "less_than"):
        message = f"数值过大，不能超过 {ctx.get('le', ctx.get('lt'))}，请检查是否多输了位数"
    elif kind in ("literal_error", "enum"):
        message = f"取值不在允许范围内，可选：{ctx.get('expected', '')}"
    else:
        message = _MESSAGES.get(kind) or f"不符合要求（{msg}）"
    field = ".".join(str(p) for p in loc)
    label = _label(loc)
    return Issue(field=field, message=f"{label}：{message}" if label else message)


def parse_profile(data: Any) -> Profile:
    """Validate a profile (a dict, or JSON text); raise ``ProfileError`` in Chinese."""
    if isinstance(data, Profile):
        return data
    try:
        if isinstance(data, (str, bytes)):
            return Profile.model_validate_json(data)
        if not isinstance(data, dict):
            raise ProfileError([Issue(field="", message="企业画像应为 JSON 对象（{…}）")])
        return Profile.model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors(include_url=False):
            if err["type"] == "json_invalid":
                issues.append(Issue(field="", message=f"不是有效的 JSON：{err.get('ctx', {}).get('error', '')}"))
            else:
                issues.append(_translate(err))
        raise ProfileError(issues) from None
