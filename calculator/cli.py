"""Command line: ``python -m calculator {evaluate,schema,check,classify,policy-schema}``.

Bad input prints one Chinese message per problem naming the field and exits
with status 2; there is never a traceback for a user's mistake.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import CalculatorError, Issue, ProfileError

DEFAULT_POLICIES = Path("policies")


class _Parser(argparse.ArgumentParser):
    _PHRASES = (("the following arguments are required", "缺少必需的参数"), ("invalid choice", "无效的选项"),
                ("choose from", "可选"), ("unrecognized arguments", "无法识别的参数"),
                ("expected one argument", "需要一个参数值"), ("argument", "参数"))

    def error(self, message: str) -> None:  # Chinese usage errors, exit 2
        for en, zh in self._PHRASES:
            message = message.replace(en, zh)
        self.print_usage(sys.stderr)
        sys.stderr.write(f"参数错误：{message}\n")
        sys.exit(2)


def _policies(path: Path):
    from .engine import PolicySet
    from .loader import load_bundle
    return PolicySet(load_bundle(path))


def _read_profile(path: str) -> dict:
    try:
        raw = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProfileError([Issue("PROFILE", f"找不到文件：{path}")]) from None
    except UnicodeDecodeError:
        raise ProfileError([Issue("PROFILE", f"文件不是 UTF-8 编码的文本：{path}")]) from None
    except OSError as exc:
        raise ProfileError([Issue("PROFILE", f"无法读取文件 {path}：{exc.strerror}")]) from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ProfileError([Issue("PROFILE", f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）")]) from None
    return data


def cmd_evaluate(args) -> int:
    from .engine import evaluate, parse_as_of
    from .report import text_report
    as_of = parse_as_of(args.as_of) if args.as_of else None
    profile = _read_profile(args.profile)
    result = evaluate(profile, _policies(args.policies), as_of)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(text_report(result))
    return 0


def cmd_schema(args) -> int:
    from .profile import Profile
    print(json.dumps(Profile.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_policy_schema(args) -> int:
    from .schema import Document
    schema = Document.model_json_schema(by_alias=True)
    schema["title"] = "山西省中小企业政策文件"
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def cmd_check(args) -> int:
    from .loader import load_bundle, run_examples
    bundle = load_bundle(args.policies)
    records = run_examples(bundle)
    failed = [r for r in records if not r["ok"]]
    rules = sum(len(c.get("rules", [])) for d in bundle["documents"] for c in d["clauses"])
    clauses = sum(len(d["clauses"]) for d in bundle["documents"])
    for r in failed:
        print(f"{r['file']}: 规则 {r['rule']} 的例子“{r['example']}”不通过：{r['problem']}", file=sys.stderr)
    print(f"已检查 {len(bundle['documents'])} 个政策文件、{clauses} 个条款、{rules} 条规则、{len(records)} 个例子；"
          f"{'全部通过' if not failed else f'{len(failed)} 个例子不通过'}。数据版本 {bundle['data_version']}")
    return 1 if failed else 0


def cmd_classify(args) -> int:
    from .profile import parse_profile
    from .size import classify
    fields = {"industry": args.industry, "employees": args.employees, "revenue": args.revenue, "assets": args.assets}
    profile = parse_profile({k: v for k, v in fields.items() if v is not None})
    result = classify(profile.industry, profile.employees, profile.revenue, profile.assets)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"企业规模：{result.to_dict()['label']}")
        print(f"理由：{result.reason}")
        if result.missing:
            print("还需要：" + "、".join(result.missing))
    return 0


def cmd_batch(args) -> int:
    from .batch import default_jobs, run_batch
    from .engine import parse_as_of
    from .loader import browser_bundle, load_bundle
    as_of = parse_as_of(args.as_of).isoformat()
    bundle = browser_bundle(load_bundle(args.policies))
    jobs = args.jobs or default_jobs()
    stats = run_batch(bundle, Path(args.register), Path(args.output), as_of, jobs=jobs, everything=args.all)
    print(f"已处理 {stats['rows']:,} 户（其中 {stats['errors']:,} 行输入有误，已在结果中标明行号），"
          f"输出 {stats['entitlement_rows']:,} 条权益记录；用时 {stats['seconds']:.1f} 秒"
          f"（{stats['per_second']:,.0f} 户/秒，{jobs} 个进程）。")
    print(f"逐户结果：{stats['output']}    按政策汇总：{stats['summary']}")
    return 0


def cmd_score(args) -> int:
    from .loader import load_bundle
    from .scoring import score
    bundle = load_bundle(args.policies)
    tables = {t["id"]: t for d in bundle["documents"] for t in d.get("scoring_tables", [])}
    if args.table not in tables:
        raise ProfileError([Issue("--table", f"没有评分表“{args.table}”，可用：{'、'.join(tables)}")])
    entries = _read_profile(args.sheet)
    result = score(tables[args.table], entries)
    if args.output:
        _write_score(result, Path(args.output))
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"{result['title']}")
        for r in result["indicators"]:
            print(f"  {r['level1']} / {r['level2']} / {r['level3']}：{r['points']} / {r['max']} 分")
        print(f"总分：{result['total']} / {result['out_of']}    等次：{result['grade']}")
    return 0


def _write_score(result: dict, path: Path) -> None:
    rows = [["一级指标", "二级指标", "三级指标", "分值", "得分"]] + \
        [[r["level1"], r["level2"], r["level3"], r["max"], r["points"]] for r in result["indicators"]] + \
        [["合计", "", "", result["out_of"], result["total"]], ["等次", "", "", "", result["grade"]]]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.title = "绩效评价评分表"
        for r in rows:
            ws.append(r)
        wb.save(path)
    elif path.suffix.lower() == ".csv":
        import csv
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(rows)
    else:
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m calculator", description="山西省中小企业政策计算器")
    p.add_argument("--policies", type=Path, default=DEFAULT_POLICIES, help="政策文件目录（默认 policies/）")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    e = sub.add_parser("evaluate", help="计算一个企业可享受的政策")
    e.add_argument("profile", help="企业画像 JSON 文件（- 表示标准输入）")
    e.add_argument("--as-of", help="计算日期 YYYY-MM-DD（默认今天）")
    e.add_argument("--format", choices=["text", "json"], default="text")
    e.set_defaults(func=cmd_evaluate)
    sub.add_parser("schema", help="输出企业画像的 JSON Schema").set_defaults(func=cmd_schema)
    sub.add_parser("policy-schema", help="输出政策文件的 JSON Schema（供编辑器自动补全）").set_defaults(func=cmd_policy_schema)
    sub.add_parser("check", help="校验 policies/ 下的全部政策文件并运行全部例子").set_defaults(func=cmd_check)
    c = sub.add_parser("classify", help="按工信部联企业〔2011〕300号判断企业规模")
    c.add_argument("--industry", required=True, help="行业代码，如 C、I65")
    c.add_argument("--employees", help="从业人员（人）")
    c.add_argument("--revenue", help="营业收入（元，可写 120万）")
    c.add_argument("--assets", help="资产总额（元）")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.set_defaults(func=cmd_classify)
    b = sub.add_parser("batch", help="按企业名录批量匹配可享受的政策（免申即享）")
    b.add_argument("register", help="企业名录 .csv 或 .xlsx（第一行为列标题，中英文均可）")
    b.add_argument("--as-of", required=True, help="计算日期 YYYY-MM-DD")
    b.add_argument("-o", "--output", required=True, help="结果文件 .csv 或 .xlsx")
    b.add_argument("--jobs", type=int, default=0, help="并行进程数（默认：全部 CPU 核）")
    b.add_argument("--all", action="store_true", help="输出全部规则（默认只输出符合条件和尚无法判断的）")
    b.set_defaults(func=cmd_batch)
    s = sub.add_parser("score", help="按评分表计算绩效评价得分和等次")
    s.add_argument("sheet", help="评分填报 JSON：指标编号 → 得分或计算依据（- 表示标准输入）")
    s.add_argument("--table", default="xj2018-performance", help="评分表编号（默认新绛县绩效评价评分表）")
    s.add_argument("-o", "--output", help="导出填好的评分表：.csv、.xlsx 或 .json")
    s.add_argument("--format", choices=["text", "json"], default="text")
    s.set_defaults(func=cmd_score)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "policies", None) is not None and args.command not in ("schema", "policy-schema", "classify") \
            and not args.policies.is_dir():
        print(f"错误：找不到政策目录 {args.policies}（可用 --policies 指定）", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except CalculatorError as exc:
        for issue in exc.issues:
            print(f"错误：{issue}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
