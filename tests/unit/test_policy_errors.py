"""A bureau editor's mistakes in a policy file: file, line and a Chinese reason."""

import shutil
from pathlib import Path

import pytest

from calculator import PolicyError
from calculator.loader import load_bundle

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "policies" / "documents" / "yuncheng-2020-38.yaml"


def broken(tmp_path, old, new):
    (tmp_path / "documents").mkdir()
    text = SOURCE.read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / "documents" / SOURCE.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    lines = target.read_text(encoding="utf-8").split("\n")
    with pytest.raises(PolicyError) as exc:
        load_bundle(tmp_path)
    return exc.value.issues, lines


def test_bad_date(tmp_path):
    issues, lines = broken(tmp_path, "date: 2020-12-15", "date: 2020-13-45")
    assert issues[0].file.endswith("yuncheng-2020-38.yaml") and issues[0].line
    assert "YYYY-MM-DD" in issues[0].message
    assert "2020-13-45" in lines[issues[0].line - 1]


def test_unknown_condition_key(tmp_path):
    issues, lines = broken(tmp_path, "{fact: joint_stock_reformed, is: true}", "{fakt: joint_stock_reformed, is: true}")
    assert any("fakt" in i.message for i in issues)
    assert "fakt" in lines[issues[0].line - 1]


def test_unknown_fact_name(tmp_path):
    issues, _ = broken(tmp_path, "{fact: joint_stock_reformed, is: true}", "{fact: joint_stock, is: true}")
    assert "未知的事实" in issues[0].message


def test_amount_as_float(tmp_path):
    issues, _ = broken(tmp_path, "amount: {kind: fixed, value: 200000}", "amount: {kind: fixed, value: 200000.5}")
    assert "整数" in issues[0].message


def test_quote_not_in_clause(tmp_path):
    issues, _ = broken(tmp_path, "quote: 对新认定的高科技领军企业给予10万元的一次性奖励",
                       "quote: 对新认定的高科技领军企业给予100万元的一次性奖励")
    assert "原文" in issues[0].message and issues[0].field.endswith("quote")


def test_duplicate_key(tmp_path):
    issues, lines = broken(tmp_path, "issuer: 运城市人民政府\n", "issuer: 运城市人民政府\nissuer: 运城市\n")
    assert "重复的键" in issues[0].message and lines[issues[0].line - 1] == "issuer: 运城市"


def test_clause_without_rules_or_informational(tmp_path):
    issues, _ = broken(tmp_path, "  informational: 调整市促进中小企业发展工作领导小组，不授予权益。\n", "")
    assert "informational" in issues[0].message


def test_yaml_syntax_error(tmp_path):
    issues, _ = broken(tmp_path, "level: city", "level: [city")
    assert "YAML" in issues[0].message and issues[0].line


def test_open_validity_must_be_stated(tmp_path):
    issues, _ = broken(tmp_path, ", open_ended: true", "")
    assert "open_ended" in issues[0].message
