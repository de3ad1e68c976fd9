"""The command line, as a user runs it: outputs, exit codes, Chinese errors, no tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT, capture_output=True,
                          text=True, input=stdin, timeout=120)


@pytest.fixture
def profile_file(tmp_path):
    p = tmp_path / "p.json"
    p.write_text(json.dumps({"region": "140825", "entity_kind": "enterprise", "industry": "C34", "employees": 15,
                             "revenue": 2000000, "answered": ["*"],
                             "events": [{"kind": "listing", "type": "neeq", "date": "2019-03-01"}]}), encoding="utf-8")
    return p


def test_evaluate_json_contract(profile_file):
    out = run("evaluate", str(profile_file), "--as-of", "2019-06-30", "--format", "json")
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert res["schema_version"] == "1.0" and res["as_of"] == "2019-06-30"
    eligible = {r["rule_id"]: r for r in res["results"] if r["status"] == "eligible"}
    # provincial 50万 (2015) and county 30万 on top of the city's (2018-2019) for a NEEQ listing
    assert eligible["sx2015-listing-neeq"]["amount"]["min"] == "500000"
    assert eligible["xj2018-neeq-county"]["amount"]["min"] == "300000"
    assert res["totals"]["province"]["exact"] == "500000"
    assert res["totals"]["county"]["exact"] == "300000"
    r = eligible["xj2018-neeq-county"]
    assert r["citation"]["quote"] and r["department"] and r["trace"]


def test_evaluate_text_report_is_chinese(profile_file):
    out = run("evaluate", str(profile_file), "--as-of", "2019-06-30")
    assert out.returncode == 0
    assert "符合条件的政策" in out.stdout and "依据" in out.stdout and "部门" in out.stdout


def test_schema_prints_profile_json_schema():
    out = run("schema")
    schema = json.loads(out.stdout)
    assert schema["title"] == "企业画像" and "employees" in schema["properties"]


def test_check_passes_over_all_policies():
    out = run("check")
    assert out.returncode == 0, out.stderr
    assert "5 个政策文件" in out.stdout and "全部通过" in out.stdout


def test_classify_prints_size_and_reason():
    out = run("classify", "--industry", "C", "--employees", "300", "--revenue", "2000万")
    assert out.returncode == 0 and "中型企业" in out.stdout and "300号" in out.stdout


@pytest.mark.parametrize("content,field", [
    ('{"employees": -3}', "从业人员"),
    ('{"colour": "red"}', "colour"),
    ('{"registration_date": "2020/01/01"}', "登记注册日期"),
    ('{"industry": "Z99"}', "行业代码"),
    ("not json at all", "不是有效的 JSON"),
])
def test_bad_profile_exit_2_with_field_named(tmp_path, content, field):
    p = tmp_path / "bad.json"
    p.write_text(content, encoding="utf-8")
    out = run("evaluate", str(p))
    assert out.returncode == 2
    assert field in out.stderr and "Traceback" not in out.stderr


def test_bad_as_of_and_missing_file():
    out = run("evaluate", "nope.json")
    assert out.returncode == 2 and "找不到文件" in out.stderr
    out = run("evaluate", "-", "--as-of", "31/12/2021", stdin="{}")
    assert out.returncode == 2 and "计算日期" in out.stderr


def test_region_outside_reach_is_an_answer_not_an_error(tmp_path):
    p = tmp_path / "bj.json"
    p.write_text('{"region": "110101"}', encoding="utf-8")
    out = run("evaluate", str(p), "--as-of", "2022-06-30")
    assert out.returncode == 0 and "没有适用的政策" in out.stdout
