"""Browser glue: the only module the Web Worker calls (via Pyodide).

JSON text in, JSON text out, so that the JavaScript side never touches Python
objects. Everything here is plain CPython-testable; nothing imports ``js``.
"""

from __future__ import annotations

import json

from .engine import PolicySet, evaluate
from .errors import CalculatorError, Issue, ProfileError

_policies: PolicySet | None = None

MAX_PROFILE_BYTES = 2_000_000


def load_rules(bundle_json: str) -> str:
    """Load the compiled policy bundle; return its data version."""
    global _policies
    _policies = PolicySet(json.loads(bundle_json))
    return _policies.data_version


def evaluate_json(profile_json: str, as_of: str | None = None) -> str:
    """Evaluate a profile given as JSON text. Always returns JSON text:
    a ``result`` or an ``error`` with Chinese issues naming the fields."""
    try:
        if _policies is None:
            raise CalculatorError("政策数据尚未加载")
        if len(profile_json) > MAX_PROFILE_BYTES:
            raise ProfileError([Issue("", "企业画像过大（超过 2 MB），请检查导入的文件")])
        try:
            data = json.loads(profile_json)
        except json.JSONDecodeError as exc:
            raise ProfileError([Issue("", f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）")]) from None
        return json.dumps(evaluate(data, _policies, as_of or None), ensure_ascii=False)
    except CalculatorError as exc:
        return json.dumps(exc.to_dict(), ensure_ascii=False)


def score_json(table_id: str, entries_json: str) -> str:
    """Score a performance-evaluation sheet with a table from the loaded bundle (JSON in, JSON out)."""
    from .scoring import score
    try:
        if _policies is None:
            raise CalculatorError("政策数据尚未加载")
        tables = {t["id"]: t for d in _policies.documents for t in d.get("scoring_tables", [])}
        if table_id not in tables:
            raise CalculatorError([Issue("table", f"没有评分表“{table_id}”")])
        try:
            entries = json.loads(entries_json)
        except json.JSONDecodeError as exc:
            raise CalculatorError([Issue("", f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）")]) from None
        return json.dumps(score(tables[table_id], entries), ensure_ascii=False)
    except CalculatorError as exc:
        return json.dumps(exc.to_dict(), ensure_ascii=False)
