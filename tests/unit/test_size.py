"""Enterprise size by 工信部联企业〔2011〕300号: every industry group, both sides of every boundary."""

import pytest

from calculator import classify
from calculator._standards import SIZE_GROUPS

# One precise industry code per size group (GB/T 4754-2017).
CODE = {
    "agriculture": "A01", "industry": "C34", "construction": "E47", "wholesale": "F51", "retail": "F52",
    "transport": "G54", "warehousing": "G59", "postal": "G60", "accommodation": "H61", "catering": "H62",
    "telecom": "I64", "software": "I65", "real_estate": "K701", "property": "K702", "leasing": "L72",
    "other": "M73",
}
_UNIT = {"X": 1, "Y": 10_000, "Z": 10_000}
_FIELD = {"X": "employees", "Y": "revenue", "Z": "assets"}


def figures(values: dict) -> dict:
    return {_FIELD[k]: v * _UNIT[k] for k, v in values.items()}


def test_every_group_has_a_code():
    assert set(CODE) == set(SIZE_GROUPS)


@pytest.mark.parametrize("group", SIZE_GROUPS)
@pytest.mark.parametrize("level", ["medium", "small"])
def test_lower_bounds_both_sides(group, level):
    row = SIZE_GROUPS[group]
    at_bound = dict(row[level])
    assert classify(CODE[group], **figures(at_bound)).size == level
    below = {"medium": "small", "small": "micro"}[level]
    for ind in at_bound:
        just_below = dict(at_bound)
        just_below[ind] = at_bound[ind] - (1 if ind == "X" else 0.0001)
        vals = {_FIELD[k]: int(round(v * _UNIT[k])) for k, v in just_below.items()}
        got = classify(CODE[group], **vals).size
        # a medium that misses one lower bound falls one level (or two, if it also misses small's)
        assert got in ({"small", "micro"} if level == "medium" else {"micro"}), (ind, got)
        if level == "medium" and all(just_below[k] >= row["small"][k] for k in row["small"]):
            assert got == below


@pytest.mark.parametrize("group", SIZE_GROUPS)
def test_upper_bound_both_sides(group):
    row = SIZE_GROUPS[group]
    at_upper = {k: v for k, v in row["sme"].items()}
    assert classify(CODE[group], **figures(at_upper)).size == "large"
    for ind in at_upper:
        below = dict(at_upper)
        below[ind] = at_upper[ind] - (1 if ind == "X" else 0.0001)
        vals = {_FIELD[k]: int(round(v * _UNIT[k])) for k, v in below.items()}
        assert classify(CODE[group], **vals).size != "large"


def test_examples_from_the_standard_text():
    # 工业：从业人员300人及以上，且营业收入2000万元及以上的为中型企业
    assert classify("C", 300, 20_000_000).size == "medium"
    assert classify("C", 299, 20_000_000).size == "small"
    assert classify("C", 19, 3_000_000).size == "micro"
    # 软件和信息技术服务业：小型 10人及以上且营业收入50万元及以上
    assert classify("I65", 10, 500_000).size == "small"
    assert classify("I65", 10, 499_999).size == "micro"
    # 房地产开发经营 uses revenue and assets
    assert classify("K701", None, 1_000_000, 20_000_000).size == "small"


def test_unknown_figures_named_and_decided_when_possible():
    r = classify("C", 1000, None)
    assert r.size is None and r.missing == ["revenue"]
    # 10 employees: micro whatever the revenue is
    assert classify("C", 10, None).size == "micro"


def test_section_with_different_rows_needs_division():
    r = classify("F", 50, 5_000_000)
    assert r.size is None and "industry" in r.missing
    # 住宿业 and 餐饮业 share thresholds: the section is enough
    assert classify("H", 50, 5_000_000).size == "small"


def test_reason_cites_the_standard():
    assert "工信部联企业〔2011〕300号" in classify("C", 300, 20_000_000).reason
