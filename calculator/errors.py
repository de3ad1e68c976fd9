"""The one exception tree of the calculator.

    CalculatorError
    ├── ProfileError   – an enterprise profile (JSON, form, CSV row) is invalid
    └── PolicyError    – a policy file is invalid (file, line, reason)

Every error carries ``issues``: a list of ``Issue`` naming the field (or file and
line) and a Simplified Chinese explanation a non-programmer can act on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
