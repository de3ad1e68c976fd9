"""Hostile and broken input in the browser: understood or refused beside the field, the page keeps working,
nothing typed is lost."""

import json

import pytest

from .conftest import computed_id, open_calculator, wait_recomputed


@pytest.mark.parametrize("field,value,outcome", [
    ("f-employees", "abc", "整数"),
    ("f-employees", "-5", "不能为负数"),
    ("f-revenue", "100000000000000000000", "数值过大"),
    ("f-employees", "１２３", None),                  # full-width digits understood
    ("f-revenue", "1,200,000", None),                 # thousands separators understood
    ("f-revenue", "120万", None),
    ("f-registration_date", "1900-01-01", "1949"),
])
def test_form_input_understood_or_refused(page, site_url, field, value, outcome):
    open_calculator(page, site_url)
    prev = computed_id(page)
    page.fill(f"#{field}", value)
    wait_recomputed(page, prev)
    name = field[2:]
    err = page.locator(f".field[data-field={name}] .field-error")
    if outcome is None:
        assert not err.is_visible()
        assert page.locator(".result-card").count() > 0
    else:
        assert err.is_visible() and outcome in err.inner_text()
    assert page.input_value(f"#{field}") == value              # what was typed is kept
    prev = computed_id(page)
    page.fill("#f-employees", "12")                             # the page keeps working
    wait_recomputed(page, prev)


def test_future_registration_date_is_flagged(page, site_url):
    open_calculator(page, site_url)
    prev = computed_id(page)
    page.fill("#f-registration_date", "2099-01-01")
    wait_recomputed(page, prev)
    assert "登记注册日期晚于计算日期" in page.inner_text("#calc-results")


@pytest.mark.parametrize("content,needle", [
    (b"{not json", "不是有效的 JSON"),
    (b'{"employees": "many"}', "从业人员"),
    (b'{"favourite_colour": "red"}', "favourite_colour"),
    (b'[1, 2, 3]', "JSON 对象"),
    (b'{"name": "' + b"x" * 10_000_000 + b'"}', "文件过大"),
])
def test_import_broken_files_keeps_the_draft(page, site_url, tmp_path, content, needle):
    open_calculator(page, site_url)
    page.fill("#f-employees", "42")
    path = tmp_path / "profile.json"
    path.write_bytes(content)
    page.set_input_files("#import-file", str(path))
    page.wait_for_selector("#import-status.error")
    assert needle in page.inner_text("#import-status")
    assert page.input_value("#f-employees") == "42"
    page.wait_for_function("() => localStorage.getItem('sxzxqy.calc.draft.v1') !== null")
    stored = json.loads(page.evaluate("() => localStorage.getItem('sxzxqy.calc.draft.v1')"))
    assert stored["profile"]["employees"] == "42"
