"""A readable Chinese text report of an evaluation result."""

from __future__ import annotations

from decimal import Decimal

from .amounts import yuan

_STATUS_ICON = {"eligible": "✔", "unknown": "？", "not_eligible": "✘", "not_in_force": "—"}


def _amount(r: dict) -> str:
    a = r["amount"]
    return a.get("text") or "金额未明确"


def text_report(result: dict) -> str:
    lines = [f"计算日期：{result['as_of']}    政策数据版本：{result['data_version']}"]
    region = result["region"]
    lines.append(f"所在地区：{region['name'] or region['code'] or '未填写'}")
    size = result["size"]
    lines.append(f"企业规模：{size['label']}——{size['reason']}")
    for w in result["warnings"]:
        lines.append(f"注意：{w}")
    lines.append("")
    t = result["totals"]
    lines.append("【合计】" + "；".join(f"{t[k]['label']}：{t[k]['text']}" for k in ("province", "city", "county")))
    lines.append(f"        总计：{t['overall']['text']}（另有{t['overall']['amount_unknown']}项金额未明确、"
                 f"{t['overall']['non_monetary']}项非货币权益）")
    groups = [("eligible", "一、符合条件的政策"), ("unknown", "二、尚无法判断（请补充以下信息）"),
              ("not_eligible", "三、不符合条件"), ("not_in_force", "四、不在有效期内")]
    for status, title in groups:
        items = [r for r in result["results"] if r["status"] == status]
        lines.append("")
        lines.append(f"{title}（{len(items)}项）")
        for r in items:
            extra = f"  〔不重复计算，已按 {r['excluded_by']} 计〕" if r.get("excluded_by") else ""
            lines.append(f"  {_STATUS_ICON[status]} {r['label']}：{_amount(r)}{extra}")
            lines.append(f"      依据：{r['document']['title']}（{r['document']['number'] or '原文未载明文号'}）{r['clause']['number']}"
                         f"：“{r['citation']['quote']}”")
            lines.append(f"      部门：{r['department']}")
            if r.get("interpretation"):
                lines.append(f"      理解说明：{r['interpretation']}")
            if r["valid"].get("open_ended"):
                lines.append(f"      有效期：自{r['valid']['from']}起，{r['valid'].get('note', '文件未规定截止日期')}")
            if status == "not_eligible" and r.get("reason"):
                lines.append(f"      原因：{r['reason']}")
            if status == "not_in_force":
                lines.append(f"      原因：{r['reason']}")
            if status == "unknown":
                for step in r["trace"]:
                    if step["status"] == "unknown":
                        lines.append(f"      待确认：{step['label']}")
    if result["questions"]:
        lines.append("")
        lines.append("【请补充以下信息（按涉及金额排序）】")
        for q in result["questions"][:20]:
            stake = f"，涉及最高{yuan(Decimal(q['at_stake']))}" if q["at_stake"] != "0" else ""
            lines.append(f"  · {q['question']}（影响{len(q['rules'])}项{stake}）")
    return "\n".join(lines)
