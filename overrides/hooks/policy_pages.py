"""MkDocs hook: generate the policy pages from policies/ (the same YAML the engine runs).

* policies/<document>.md – metadata, validity, every clause with a stable anchor and,
  beside each granting clause, the rules it yields in plain Chinese;
* policies/index.md – all entitlements, filterable by level, department and kind;
* policies/coverage.md – per document: clauses, clauses with rules, rules, informational clauses.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculator.amounts import describe_amount  # noqa: E402
from calculator.conditions import describe  # noqa: E402
from calculator.loader import load_bundle  # noqa: E402
from calculator.schema import RULE_KINDS  # noqa: E402

LEVELS = {"province": "省级", "city": "市级", "county": "县级"}
_bundle: dict | None = None


def _esc(text: str) -> str:
    return html.escape(text or "", quote=True)


def _when(rule: dict) -> str:
    cond = rule.get("when")
    if not cond:
        return "无其他条件"
    if "all" in cond:
        return "<ul>" + "".join(f"<li>{_esc(describe(c))}</li>" for c in cond["all"]) + "</ul>"
    return _esc(describe(cond))


def _validity(doc: dict) -> str:
    v = doc["validity"]
    if v.get("to"):
        text = f"{v['from']} 至 {v['to']}"
    else:
        text = f"自 {v['from']} 起，<strong>文件未规定截止日期</strong>"
    return text + (f"。{_esc(v['note'])}" if v.get("note") else "")


def _rule_card(doc: dict, clause: dict, rule: dict) -> str:
    parts = [f'<div class="rule-card" id="rule-{rule["id"]}" markdown="0">',
             f'<p class="rule-title"><strong>{_esc(rule["label"])}</strong> '
             f'<span class="tag">{RULE_KINDS[rule["kind"]]}</span></p>',
             '<dl class="rule-facts">',
             f"<dt>金额/权益</dt><dd>{_esc(describe_amount(rule['amount']))}</dd>",
             f"<dt>条件</dt><dd>注册地在本文件适用地区；{_when(rule)}</dd>",
             f"<dt>对象</dt><dd>{_esc(rule.get('recipient', '企业'))}</dd>",
             f"<dt>受理部门</dt><dd>{_esc(rule['department'])}</dd>",
             f"<dt>原文</dt><dd>“{_esc(rule['quote'])}”</dd>"]
    stacking = rule.get("stacking") or {}
    if stacking.get("note") or stacking.get("on_top_of") or stacking.get("exclusive_group"):
        text = stacking.get("note") or ""
        if stacking.get("on_top_of"):
            text += "（叠加于：" + "、".join(stacking["on_top_of"]) + "）"
        parts.append(f"<dt>叠加关系</dt><dd>{_esc(text)}</dd>")
    if rule.get("interpretation"):
        parts.append(f'<dt>理解说明</dt><dd class="interpretation">{_esc(rule["interpretation"])}</dd>')
    parts.append("</dl>")
    parts.append(f'<p><a class="md-button check-link" href="../../calculator/?rule={rule["id"]}">测算我的企业</a> '
                 f'<span class="rule-id">规则编号 {rule["id"]} · {len(rule["examples"])} 个测试例子</span></p>')
    parts.append("</div>")
    return "\n".join(parts)


def document_page(doc: dict) -> str:
    lines = [f"# {doc['title']}", "",
             '<div class="doc-meta" markdown="0"><table>',
             f"<tr><th>发文机关</th><td>{_esc(doc['issuer'])}</td></tr>",
             f"<tr><th>文号</th><td>{_esc(doc.get('number') or '原文未载明')}</td></tr>",
             f"<tr><th>层级</th><td>{LEVELS[doc['level']]}</td></tr>",
             f"<tr><th>有效期</th><td>{_validity(doc)}</td></tr>",
             f"<tr><th>概要</th><td>{_esc(doc['summary'])}</td></tr>",
             "</table></div>", ""]
    rules = sum(len(c.get("rules", [])) for c in doc["clauses"])
    lines.append(f"本文件共 {len(doc['clauses'])} 个条款，编为 {rules} 条可测算规则。"
                 "每个条款下方列出它产生的规则；标注为“说明性条款”的不授予具体权益。")
    lines.append("")
    section = None
    for clause in doc["clauses"]:
        if clause.get("section") and clause["section"] != section:
            section = clause["section"]
        title = f"{clause['number']} {clause.get('title') or ''}".strip()
        lines.append(f"## {_esc(title)} {{#{clause['id']}}}")
        lines.append("")
        text = "<br>".join(_esc(line) for line in clause["text"].split("\n"))
        lines.append(f'<div class="clause-text" markdown="0"><p>{text}</p></div>')
        lines.append("")
        for grant in clause.get("published_grants", []):
            lines.append(f'<div class="published-grant" markdown="0"><p><strong>已公布的点名安排</strong>（不是面向其他企业的权益）：'
                         f"{_esc(grant['recipient'])}——{_esc(grant['purpose'])}，{_esc(grant['amount'])}</p></div>")
            lines.append("")
        if clause.get("informational"):
            lines.append(f'<p class="informational">说明性条款：{_esc(clause["informational"])}</p>')
            lines.append("")
        for rule in clause.get("rules", []):
            lines.append(_rule_card(doc, clause, rule))
            lines.append("")
    for table in doc.get("scoring_tables", []):
        lines.append(f"## 附：{_esc(table['title'])}（编码数据） {{#table-{table['id']}}}")
        lines.append("")
        lines.append("| 一级指标 | 二级指标 | 三级指标 | 分值 | 评价标准 |")
        lines.append("|---|---|---|---|---|")
        for ind in table["indicators"]:
            lines.append(f"| {ind['level1']} | {ind['level2']} | {ind['level3']} | {ind['points']} | {ind['standard']} |")
        lines.append("")
        lines.append("评价等次：" + "；".join(f"{g['grade']} ≥ {g['at_least']}" for g in table["grades"]))
        lines.append("")
    return "\n".join(lines)


def index_page(bundle: dict) -> str:
    rows, depts, kinds = [], set(), set()
    for doc in bundle["documents"]:
        for clause in doc["clauses"]:
            for rule in clause.get("rules", []):
                depts.add(rule["department"])
                kinds.add(rule["kind"])
                rows.append(
                    f'<tr data-level="{doc["level"]}" data-kind="{rule["kind"]}" data-dept="{_esc(rule["department"])}">'
                    f'<td>{LEVELS[doc["level"]]}</td>'
                    f'<td><a href="../{doc["id"]}/#{clause["id"]}">{_esc(rule["label"])}</a></td>'
                    f'<td>{_esc(describe_amount(rule["amount"]))}</td>'
                    f'<td>{RULE_KINDS[rule["kind"]]}</td><td>{_esc(rule["department"])}</td>'
                    f'<td>{_esc(doc.get("number") or doc["title"])} {_esc(clause["number"])}</td></tr>')
    level_opts = "".join(f'<option value="{k}">{v}</option>' for k, v in LEVELS.items())
    kind_opts = "".join(f'<option value="{k}">{RULE_KINDS[k]}</option>' for k in sorted(kinds))
    dept_opts = "".join(f'<option value="{_esc(d)}">{_esc(d)}</option>' for d in sorted(depts))
    docs = "\n".join(f"- [{d['title']}]({d['id']}.md)（{LEVELS[d['level']]}，{d.get('number') or '原文未载明文号'}）"
                     for d in bundle["documents"])
    return f"""# 全部权益一览

本站收录的政策文件：

{docs}

下表列出从这些文件编码出的全部 {len(rows)} 项权益（奖励、补贴、贴息、减免、优先服务等），可按层级、类别和受理部门筛选。
点击权益名称可查看条款原文和适用条件；要测算您的企业能享受哪些，请使用[政策计算器](../calculator.md)。

<div class="rule-filter" markdown="0">
<label>层级 <select id="filter-level"><option value="">全部</option>{level_opts}</select></label>
<label>类别 <select id="filter-kind"><option value="">全部</option>{kind_opts}</select></label>
<label>受理部门 <select id="filter-dept"><option value="">全部</option>{dept_opts}</select></label>
<span id="filter-count" aria-live="polite"></span>
</div>

<div class="rule-index" markdown="0">
<table id="rule-index">
<thead><tr><th>层级</th><th>权益</th><th>金额</th><th>类别</th><th>受理部门</th><th>依据</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</div>

<script src="../assets/calc/filter.js"></script>
"""


def coverage_page(bundle: dict) -> str:
    lines = ["# 编码覆盖情况", "",
             "每个政策文件的每个条款都已收录；授予权益的条款编为规则，其余条款标注为说明性条款并写明理由。", "",
             "| 文件 | 条款 | 有规则的条款 | 规则 | 说明性条款 | 点名安排 |", "|---|---|---|---|---|---|"]
    for doc in bundle["documents"]:
        clauses = doc["clauses"]
        with_rules = [c for c in clauses if c.get("rules")]
        info = [c for c in clauses if not c.get("rules") and c.get("informational")]
        grants = sum(len(c.get("published_grants", [])) for c in clauses)
        lines.append(f"| [{doc['title']}]({doc['id']}.md) | {len(clauses)} | {len(with_rules)} | "
                     f"{sum(len(c['rules']) for c in with_rules)} | {len(info)} | {grants} |")
    for doc in bundle["documents"]:
        lines += ["", f"## {doc['title']}", "", "| 条款 | 编码情况 |", "|---|---|"]
        for c in doc["clauses"]:
            if c.get("rules"):
                status = "规则：" + "、".join(f"[{r['label']}]({doc['id']}.md#rule-{r['id']})" for r in c["rules"])
            elif c.get("published_grants"):
                status = f"点名安排 {len(c['published_grants'])} 项（公布事实，不面向其他企业）" + \
                         (f"；{c['informational']}" if c.get("informational") else "")
            else:
                status = "说明性条款：" + c["informational"]
            title = f"{c['number']} {c.get('title') or ''}".strip()
            lines.append(f"| [{title}]({doc['id']}.md#{c['id']}) | {status} |")
    return "\n".join(lines)


def on_files(files, config):
    global _bundle
    _bundle = load_bundle(ROOT / "policies")
    generated = {"policies/index.md": index_page(_bundle), "policies/coverage.md": coverage_page(_bundle)}
    for doc in _bundle["documents"]:
        generated[f"policies/{doc['id']}.md"] = document_page(doc)
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return files
