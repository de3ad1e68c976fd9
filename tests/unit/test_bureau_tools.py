"""The bureau's tools: amendments stay evaluable by date, batch matching, the scorer, the policy JSON Schema."""

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from calculator import PolicySet, evaluate
from calculator.loader import load_bundle
from calculator.scoring import ScoreError, score

ROOT = Path(__file__).resolve().parents[2]
YUNCHENG = ROOT / "policies" / "documents" / "yuncheng-2020-38.yaml"


def amended_policies(tmp_path):
    docs = tmp_path / "documents"
    docs.mkdir()
    old = YUNCHENG.read_text(encoding="utf-8")
    (docs / YUNCHENG.name).write_text(old, encoding="utf-8")
    province = ROOT / "policies" / "documents" / "shanxi-2015-small-micro.yaml"   # referenced by on_top_of
    (docs / province.name).write_text(province.read_text(encoding="utf-8"), encoding="utf-8")
    new = (old.replace("id: yuncheng-2020-38\n", "id: yuncheng-2023-amended\n", 1)
              .replace("- id: yc2020-", "- id: yc2023-").replace("[yc2020-", "[yc2023-")
              .replace("对在全国股转系统挂牌的企业，由市级财政给予200万元", "对在全国股转系统挂牌的企业，由市级财政给予250万元")
              .replace("amount: {kind: fixed, value: 2000000}", "amount: {kind: fixed, value: 2500000}")
              .replace("validity: {from: 2020-12-15,", "amends: {document: yuncheng-2020-38, from: 2023-01-01}\nvalidity: {from: 2023-01-01,"))
    new = new.replace("expect: {status: eligible, amount: 2000000}", "expect: {status: eligible, amount: 2500000}")
    (docs / "yuncheng-2023-amended.yaml").write_text(new, encoding="utf-8")
    return PolicySet(load_bundle(tmp_path))


def test_amended_policy_old_version_still_applies_before_the_amendment(tmp_path):
    policies = amended_policies(tmp_path)
    firm = {"region": "140802", "events": [{"kind": "listing", "type": "neeq", "date": "2021-03-01"}]}
    before = {r["rule_id"]: r for r in evaluate(firm, policies, "2022-06-30")["results"]}
    assert before["yc2020-neeq"]["status"] == "eligible" and before["yc2020-neeq"]["amount"]["min"] == "2000000"
    assert before["yc2023-neeq"]["status"] == "not_in_force"
    firm["events"][0]["date"] = "2023-03-01"
    after = {r["rule_id"]: r for r in evaluate(firm, policies, "2023-06-30")["results"]}
    assert after["yc2023-neeq"]["status"] == "eligible" and after["yc2023-neeq"]["amount"]["min"] == "2500000"
    assert after["yc2020-neeq"]["status"] == "not_in_force" and "2022-12-31" in after["yc2020-neeq"]["reason"]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_csv_keeps_every_row_and_names_bad_lines(tmp_path, jobs):
    out = tmp_path / "result.csv"
    res = run_cli("batch", "examples/enterprises.csv", "--as-of", "2022-12-31", "-o", str(out), "--jobs", jobs)
    assert res.returncode == 0, res.stderr
    assert "第6行有误" in res.stderr and "从业人员" in res.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert {r["行号"] for r in rows} == {"2", "3", "4", "5", "6"}           # no input row is dropped
    bad = [r for r in rows if r["行号"] == "6"]
    assert bad[0]["状态"] == "输入有误" and "从业人员" in bad[0]["原因或错误"]
    lv = [r for r in rows if r["行号"] == "4" and r["规则编号"] == "ll2022-ip-transaction"]
    assert lv and lv[0]["状态"] == "符合条件" and lv[0]["上限（元）"] == "600000"
    undecided = [r for r in rows if r["行号"] == "4" and r["规则编号"] == "sx2022-ip-transaction"]
    assert undecided[0]["状态"] == "尚无法判断" and "利润率" in undecided[0]["缺少的信息"]
    summary = {r["规则编号"]: r for r in csv.DictReader(tmp_path.joinpath("result.summary.csv").open(encoding="utf-8-sig"))}
    assert summary["ll2022-ip-transaction"]["符合条件企业数"] == "1"
    assert summary["ll2022-ip-transaction"]["上限合计（元）"] == "600000"
    assert summary["sx2022-ip-transaction"]["无法判断企业数"] == "3"   # rows 3, 4, 5 did not say
    assert summary["sx2022-vat-exemption-small-scale"]["符合条件企业数"] == "1"


def _batch_rows(tmp_path, src, name, **kw):
    from calculator.batch import run_batch
    out = tmp_path / name
    run_batch(load_bundle(ROOT / "policies"), src, out, "2022-12-31", err=open(tmp_path / "err.txt", "w"), **kw)
    return list(csv.reader(out.open(encoding="utf-8-sig")))


def test_batch_spans_keep_quoted_line_breaks_and_csv_row_numbers(tmp_path):
    """Workers read their own byte spans of the register: a quoted name holding a line break
    stays one enterprise, and line numbers are the ones a spreadsheet shows, whatever the span size."""
    header, *rows = (ROOT / "examples" / "enterprises.csv").read_text(encoding="utf-8-sig").splitlines()
    body = ['"甲企业\n第二行，含""引号""",' + rows[0].split(",", 1)[1]] + rows[1:] + ["", rows[1]]
    src = tmp_path / "r.csv"
    src.write_bytes(("\ufeff" + header + "\r\n" + "\r\n".join(body) + "\r\n").encode("utf-8"))
    whole = _batch_rows(tmp_path, src, "a.csv", chunk_size=500)
    for size in (1, 2, 3):
        assert _batch_rows(tmp_path, src, f"b{size}.csv", chunk_size=size) == whole
    assert _batch_rows(tmp_path, src, "c.csv", chunk_size=2, jobs=2) == whole
    by_line = {}
    for r in whole[1:]:
        by_line.setdefault(r[0], r[1])
    assert by_line["2"] == "甲企业\n第二行，含\"引号\""
    # the register's later rows keep csv.reader's numbering; the blank row is no enterprise
    expected = {str(i): row[0] for i, row in enumerate(csv.reader(src.open(encoding="utf-8-sig", newline="")), 1)
                if i > 1 and row}
    assert set(by_line) == set(expected)


def test_batch_reports_a_row_that_is_not_utf8_and_runs_the_rest(tmp_path):
    header, *rows = (ROOT / "examples" / "enterprises.csv").read_text(encoding="utf-8-sig").splitlines()
    src = tmp_path / "r.csv"
    src.write_bytes((header + "\n" + rows[0] + "\n").encode("utf-8") + rows[1].encode("gbk") + b"\n"
                    + (rows[2] + "\n").encode("utf-8"))
    out = _batch_rows(tmp_path, src, "o.csv", chunk_size=500)
    assert _batch_rows(tmp_path, src, "cr.csv", chunk_size=1) == out
    statuses = {r[0]: r[9] for r in out[1:]}
    assert set(statuses) == {"2", "3", "4"}
    bad = [r for r in out[1:] if r[0] == "3"]
    assert len(bad) == 1 and bad[0][9] == "输入有误" and "UTF-8" in bad[0][15]
    assert statuses["2"] != "输入有误" and statuses["4"] != "输入有误"


def test_batch_reads_a_register_saved_with_old_mac_line_endings(tmp_path):
    text = (ROOT / "examples" / "enterprises.csv").read_text(encoding="utf-8-sig")
    unix, mac = tmp_path / "unix.csv", tmp_path / "mac.csv"
    unix.write_text(text, encoding="utf-8")
    mac.write_text(text.replace("\n", "\r"), encoding="utf-8", newline="")
    assert _batch_rows(tmp_path, mac, "m.csv", chunk_size=2) == _batch_rows(tmp_path, unix, "u.csv", chunk_size=2)


def test_batch_xlsx_in_and_out(tmp_path):
    from openpyxl import Workbook, load_workbook
    src = tmp_path / "名录.xlsx"
    wb = Workbook()
    ws = wb.active
    for row in csv.reader((ROOT / "examples" / "enterprises.csv").open(encoding="utf-8-sig")):
        ws.append(row)
    wb.save(src)
    out = tmp_path / "结果.xlsx"
    res = run_cli("batch", str(src), "--as-of", "2022-12-31", "-o", str(out), "--jobs", "1")
    assert res.returncode == 0, res.stderr
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["逐户结果", "按政策汇总"]
    assert next(book["逐户结果"].iter_rows(values_only=True))[0] == "行号"


def test_batch_rejects_unknown_column(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text("企业名称,颜色\n甲,红\n", encoding="utf-8")
    res = run_cli("batch", str(src), "--as-of", "2022-12-31", "-o", str(tmp_path / "o.csv"))
    assert res.returncode == 2 and "颜色" in res.stderr


@pytest.fixture(scope="module")
def table():
    bundle = load_bundle(ROOT / "policies")
    return next(t for d in bundle["documents"] for t in d.get("scoring_tables", []))


def full_sheet(**over):
    sheet = {
        "goal-content": {"items": ["设有目标", "目标明确", "目标细化", "目标量化"]},
        "allocation-method": {"items": ["有相应的资金管理办法", "办法健全、规范", "因素全面合理"]},
        "allocation-result": {"items": ["符合分配办法", "分配公平合理"]},
        "funds-rate": {"actual": 400, "planned": 400},
        "funds-timeliness": {"choice": "到位及时"},
        "funds-use": {"deductions": {}},
        "finance-management": {"points": 3},
        "organisation": {"items": ["机构健全、分工明确"]},
        "management-rules": {"items": ["管理制度健全", "制度执行严格"]},
        "output-quantity": {"rate": 100}, "output-quality": {"rate": 100}, "output-timeliness": {"rate": 100},
        "output-cost": {"rate": 100}, "economic-benefit": {"rate": 100}, "social-benefit": {"rate": 100},
        "environmental-benefit": {"rate": 100},
        "sustainability": {"items": ["项目产出能持续运用", "所依赖的政策制度能持续执行"]},
        "satisfaction": {"rate": 100},
    }
    sheet.update(over)
    return sheet


def test_full_marks_is_100_and_excellent(table):
    r = score(table, full_sheet())
    assert r["total"] == "100" and r["grade"] == "优"


@pytest.mark.parametrize("deduct,total,grade", [("0", "100", "优"), ("7", "93", "优")])
def test_deductions_within_range(table, deduct, total, grade):
    r = score(table, full_sheet(**{"funds-use": {"deductions": {"虚列套取": deduct}}}))
    assert r["total"] == total and r["grade"] == grade


def test_grade_bands_both_sides(table):
    def total_of(rate):
        return score(table, full_sheet(**{k: {"rate": rate} for k in
                                          ("economic-benefit", "social-benefit", "environmental-benefit", "satisfaction")}))
    # 4 indicators × 8 points: rate r% loses 32 × (100 − r)% points
    assert total_of("68.75")["total"] == "90" and total_of("68.75")["grade"] == "优"
    assert total_of("68.5")["total"] == "89.92" and total_of("68.5")["grade"] == "良"
    assert total_of("21.875")["total"] == "75" and total_of("21.875")["grade"] == "良"
    r = score(table, full_sheet(**{"economic-benefit": {"rate": 0}, "social-benefit": {"rate": 0},
                                   "environmental-benefit": {"rate": 0}, "satisfaction": {"rate": 0},
                                   "sustainability": {"items": []}, "output-quantity": {"rate": 80}}))
    assert r["total"] == "59" and r["grade"] == "差"


def test_ratio_computes_funds_rate(table):
    r = score(table, full_sheet(**{"funds-rate": {"actual": 300, "planned": 400}}))
    assert next(i for i in r["indicators"] if i["id"] == "funds-rate")["points"] == "2.25"


@pytest.mark.parametrize("entry,needle", [
    ({"funds-use": {"deductions": {"虚列套取": 3}}}, "应为4至7分"),
    ({"finance-management": {"points": 4}}, "应在0至3分之间"),
    ({"output-quantity": {"rate": 120}}, "0%至100%"),
    ({"funds-timeliness": {"choice": "很及时"}}, "请选择其一"),
    ({"funds-rate": {"actual": 1, "planned": 0}}, "应大于0"),
])
def test_out_of_range_entries_are_refused(table, entry, needle):
    with pytest.raises(ScoreError) as exc:
        score(table, full_sheet(**entry))
    assert any(needle in i.message for i in exc.value.issues)


def test_score_cli_exports_sheet(tmp_path):
    sheet = tmp_path / "s.json"
    sheet.write_text(json.dumps(full_sheet(**{"output-quantity": {"rate": 80}}), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "评分表.csv"
    res = run_cli("score", str(sheet), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "总分：99 / 100" in res.stdout and "等次：优" in res.stdout
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[-2][-1] == "99" and rows[-1][-1] == "优"
    bad = tmp_path / "b.json"
    bad.write_text(json.dumps({"finance-management": {"points": 9}}), encoding="utf-8")
    res = run_cli("score", str(bad))
    assert res.returncode == 2 and "财务管理" in res.stderr


def test_policy_json_schema_in_repo_is_current():
    shipped = json.loads((ROOT / "policies" / "policy.schema.json").read_text(encoding="utf-8"))
    res = run_cli("policy-schema")
    assert json.loads(res.stdout) == shipped, "regenerate: python -m calculator policy-schema > policies/policy.schema.json"
    assert shipped["properties"]["clauses"] and "amends" in shipped["properties"]


def test_decimal_totals_are_exact(table):
    r = score(table, full_sheet(**{"funds-rate": {"actual": 1, "planned": 3}}))
    assert Decimal(r["total"]) == Decimal("97") + Decimal("1.00")     # 3 points × 1/3 = 1.00, exactly
