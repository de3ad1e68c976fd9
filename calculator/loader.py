"""Reading ``policies/`` (build time, CPython): YAML with line numbers,
schema validation with Chinese errors, compilation to the bundle the engine
(and the browser) reads, and the examples each rule carries.

PyYAML is imported lazily here only: the browser never loads YAML, it loads
the compiled JSON bundle.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import PYDANTIC_MESSAGES, Issue, PolicyError

_MESSAGES = {**PYDANTIC_MESSAGES, "int_from_float": "应为整数（金额以元为单位，不用小数）"}


def _yaml():
    import yaml  # noqa: PLC0415 - build-time only
    return yaml


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML keeping a map path -> line (1-based). Rejects duplicate keys."""
    yaml = _yaml()
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise PolicyError([Issue("", f"YAML 格式错误：{getattr(exc, 'problem', exc)}（常见原因：缩进不一致、冒号后缺空格、引号未闭合）",
                                 str(path), line)]) from None
    lines: dict[tuple, int] = {}
    issues: list[Issue] = []
    constructor = yaml.SafeLoader(text)

    def build(n, p: tuple):
        lines[p] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            out = {}
            for k, v in n.value:
                key = constructor.construct_object(k, deep=True)
                if key in out:
                    issues.append(Issue(".".join(map(str, p + (key,))), f"重复的键“{key}”：同一层级不能出现两次",
                                        str(path), k.start_mark.line + 1))
                lines[p + (key,)] = k.start_mark.line + 1
                out[key] = build(v, p + (key,))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [build(v, p + (i,)) for i, v in enumerate(n.value)]
        if n.tag.endswith(":timestamp"):
            return n.value          # dates stay text: the schema validates them with a clear message
        try:
            return constructor.construct_object(n, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            issues.append(Issue(".".join(map(str, p)), f"无法识别的值“{n.value}”：{exc}", str(path), n.start_mark.line + 1))
            return None

    data = build(node, ()) if node is not None else None
    if issues:
        raise PolicyError(issues)
    return data, lines


def _line(lines: dict[tuple, int], loc: tuple) -> int | None:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _issue(path: Path, lines, loc: tuple, message: str) -> Issue:
    return Issue(".".join(str(p) for p in loc), message, str(path), _line(lines, loc))


def validate_document(path: Path) -> tuple[dict, dict]:
    """Validate one policy file; return (normalised data, line map)."""
    from .schema import Document, lint_amount, lint_condition

    data, lines = read_yaml(path)
    if not isinstance(data, dict):
        raise PolicyError([Issue("", "政策文件的顶层应为对象（id、title、clauses 等）", str(path), 1)])
    try:
        doc = Document.model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            if err["type"] == "value_error":
                msg = str((err.get("ctx") or {}).get("error", err["msg"]))
            elif err["type"] == "literal_error":
                msg = f"取值不允许，可选：{(err.get('ctx') or {}).get('expected', '')}"
            else:
                msg = _MESSAGES.get(err["type"]) or f"不符合要求（{err['msg']}）"
            issues.append(_issue(path, lines, loc, msg))
        raise PolicyError(issues) from None
    issues = []
    for ci, clause in enumerate(data.get("clauses", [])):
        for ri, rule in enumerate(clause.get("rules", []) or []):
            base = ("clauses", ci, "rules", ri)
            if rule.get("when") is not None:
                issues += [_issue(path, lines, base + ("when",) + p, m) for p, m in lint_condition(rule["when"], ())]
            issues += [_issue(path, lines, base + ("amount",) + p, m) for p, m in lint_amount(rule["amount"], ())]
            norm_text = _normalise(clause["text"])
            if _normalise(rule["quote"]) not in norm_text:
                issues.append(_issue(path, lines, base + ("quote",), "引用的原文在本条款文字中找不到：请逐字复制原文语句"))
    if issues:
        raise PolicyError(issues)
    dumped = doc.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dumped, lines


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).replace(",", "，").replace("(", "（").replace(")", "）").replace(";", "；").replace(":", "：")


def policy_files(root: Path) -> list[Path]:
    return sorted((root / "documents").glob("*.yaml"))


def load_bundle(root: Path | str) -> dict:
    """Validate every policy file and compile the bundle the engine reads."""
    root = Path(root)
    files = policy_files(root)
    if not files:
        raise PolicyError([Issue("", "没有找到政策文件（policies/documents/*.yaml）", str(root))])
    documents, issues, ids = [], [], {}
    for f in files:
        try:
            doc, lines = validate_document(f)
        except PolicyError as exc:
            issues.extend(exc.issues)
            continue
        for ci, clause in enumerate(doc["clauses"]):
            clause["anchor"] = clause["id"]
            for ri, rule in enumerate(clause.get("rules", [])):
                if rule["id"] in ids:
                    issues.append(_issue(f, lines, ("clauses", ci, "rules", ri, "id"),
                                         f"规则编号“{rule['id']}”重复（已用于 {ids[rule['id']]}）"))
                ids[rule["id"]] = f.name
        doc["_file"] = f.name
        documents.append(doc)
    by_id = {d["id"]: d for d in documents}
    for doc in documents:
        amends = doc.get("amends")
        if not amends:
            continue
        old = by_id.get(amends["document"])
        if old is None:
            issues.append(Issue("amends.document", f"被修订的文件“{amends['document']}”不存在", doc["_file"]))
            continue
        cutoff = _dt.date.fromisoformat(amends["from"]) - _dt.timedelta(days=1)
        if cutoff < _dt.date.fromisoformat(old["validity"]["from"]):
            issues.append(Issue("amends.from", "修订日期早于被修订文件的生效日期", doc["_file"]))
            continue
        old_to = old["validity"].get("to")
        if old_to is None or _dt.date.fromisoformat(old_to) > cutoff:
            old["validity"] = {**old["validity"], "to": cutoff.isoformat(), "open_ended": False,
                               "note": (old["validity"].get("note") or "") +
                               f"（自{amends['from']}起由《{doc['title']}》修订，此前的日期仍按本文件计算）"}
        old["amended_by"] = {"document": doc["id"], "from": amends["from"]}
    known = set(ids)
    for doc in documents:
        for clause in doc["clauses"]:
            for rule in clause.get("rules", []):
                for ref in (rule.get("stacking") or {}).get("on_top_of", []):
                    if ref not in known:
                        issues.append(Issue(f"{rule['id']}.stacking.on_top_of", f"叠加引用的规则“{ref}”不存在", doc["_file"]))
    if issues:
        raise PolicyError(issues)
    canonical = json.dumps(documents, ensure_ascii=False, sort_keys=True)
    version = hashlib.sha256(canonical.encode()).hexdigest()[:12]
    return {"schema_version": 1, "data_version": version, "documents": documents}


def browser_bundle(bundle: dict) -> dict:
    """The bundle without examples and source texts the engine does not read."""
    docs = []
    for doc in bundle["documents"]:
        d = {k: v for k, v in doc.items() if k not in ("example_profile", "_file")}
        d["clauses"] = [
            {**{k: v for k, v in c.items() if k not in ("text", "rules", "published_grants")},
             "rules": [{k: v for k, v in r.items() if k != "examples"} for r in c.get("rules", [])]}
            for c in doc["clauses"] if c.get("rules")
        ]
        docs.append(d)
    return {**bundle, "documents": docs}


def example_profile(doc: dict, example: dict) -> dict:
    base = {k: v for k, v in doc.get("example_profile", {}).items() if k not in example.get("drop", [])}
    base.update(example.get("profile", {}))
    return base


def run_examples(bundle: dict) -> list[dict]:
    """Run every rule's examples; return one record per example (ok or why not)."""
    from .engine import PolicySet, evaluate

    policies = PolicySet(bundle)
    out = []
    for doc in bundle["documents"]:
        for clause in doc["clauses"]:
            for rule in clause.get("rules", []):
                for ex in rule.get("examples", []):
                    out.append(_run_one(policies, doc, rule, ex, evaluate))
    return out


def _run_one(policies, doc, rule, ex, evaluate) -> dict:
    record = {"file": doc["_file"], "rule": rule["id"], "example": ex["name"], "ok": False}
    try:
        result = evaluate(example_profile(doc, ex), policies, _dt.date.fromisoformat(ex["as_of"]))
    except Exception as exc:  # noqa: BLE001 - reported to the editor
        record["problem"] = f"例子无法计算：{exc}"
        return record
    r = next(x for x in result["results"] if x["rule_id"] == rule["id"])
    exp = ex["expect"]
    problems = []
    if r["status"] != exp["status"]:
        why = r.get("reason") or ("缺少：" + "、".join(r["missing"]) if r["missing"] else "")
        problems.append(f"期望状态 {exp['status']}，实际 {r['status']}（{why}）")
    if "amount" in exp and exp["amount"] is not None:
        got = r["amount"].get("min") if r["amount"]["kind"] == "exact" else None
        if got != str(exp["amount"]):
            problems.append(f"期望金额 {exp['amount']} 元，实际 {r['amount'].get('text')}")
    if exp.get("max") is not None:
        got = r["amount"].get("max")
        if got != str(exp["max"]) or r["amount"]["kind"] != "range":
            problems.append(f"期望上限 {exp['max']} 元，实际 {r['amount'].get('text')}")
    if exp.get("missing") is not None and sorted(exp["missing"]) != sorted(r["missing"]):
        problems.append(f"期望提示补充 {exp['missing']}，实际 {r['missing']}")
    record["ok"] = not problems
    record["status"] = r["status"]
    if problems:
        record["problem"] = "；".join(problems)
    return record
