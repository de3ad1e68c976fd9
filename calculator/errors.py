"""The one exception tree of the calculator.

    CalculatorError
    ├── ProfileError   – an enterprise profile (JSON, form, CSV row) is invalid
    └── PolicyError    – a policy file is invalid (file, line, reason)

Every error carries ``issues``: a list of ``Issue`` naming the field (or file and
line) and a Simplified Chinese explanation a non-programmer can act on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# pydantic error types -> Simplified Chinese, shared by profile and policy-file validation.
PYDANTIC_MESSAGES = {
    "extra_forbidden": "不是可识别的字段，请删除或检查拼写",
    "missing": "缺少必填项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数，不能带小数",
    "bool_parsing": "应为“是”或“否”（true/false）",
    "bool_type": "应为“是”或“否”（true/false）",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD，例如 2021-06-30",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD，例如 2021-06-30",
    "date_parsing": "日期格式应为 YYYY-MM-DD，例如 2021-06-30",
    "date_type": "日期格式应为 YYYY-MM-DD，例如 2021-06-30",
    "string_type": "应为文字",
    "string_pattern_mismatch": "只能用小写字母、数字和连字符（-）",
    "string_too_short": "内容过短",
    "string_too_long": "文字过长",
    "too_short": "条目不足",
    "too_long": "条目过多",
    "list_type": "应为列表",
    "model_type": "应为对象（JSON 的 {…}，YAML 的 键: 值）",
    "dict_type": "应为对象（JSON 的 {…}，YAML 的 键: 值）",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
}


@dataclass(frozen=True)
class Issue:
    field: str          # dotted path of the offending field, e.g. "events.2.date"
    message: str        # Simplified Chinese explanation, names what is allowed
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.field}：{self.message}" if self.field else f"{where}{self.message}"

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


class CalculatorError(Exception):
    """Base of every error the calculator raises on purpose."""

    code = "calculator_error"

    def __init__(self, issues: list[Issue] | str):
        if isinstance(issues, str):
            issues = [Issue(field="", message=issues)]
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))

    def to_dict(self) -> dict:
        return {"type": "error", "code": self.code, "issues": [i.to_dict() for i in self.issues]}


class ProfileError(CalculatorError):
    """The enterprise profile failed validation."""

    code = "invalid_profile"


class PolicyError(CalculatorError):
    """A policy file failed validation."""

    code = "invalid_policy"
