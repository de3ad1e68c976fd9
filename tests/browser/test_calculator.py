"""The calculator page: fill, compute, unknown → answer → decided, clause links, draft, import/export."""

import json

from .conftest import computed_id, open_calculator, wait_recomputed


def fill_basic(page):
    page.select_option("#f-entity_kind", "enterprise")
    page.select_option("#f-region-city", "140800")
    page.select_option("#f-region", "140825")
    page.select_option("#f-industry", "C34")
    page.fill("#f-employees", "50")
    prev = computed_id(page)
    page.fill("#f-revenue", "1000万")
    wait_recomputed(page, prev)


def test_form_usable_before_python_is_ready(page, site_url):
    page.goto(f"{site_url}calculator/")
    page.wait_for_selector("#f-employees")
    page.fill("#f-employees", "30")          # typing works while the engine boots
    page.wait_for_selector("#calc-app[data-ready=true]", state="attached", timeout=90_000)
    assert page.input_value("#f-employees") == "30"
    assert "政策数据版本" in page.inner_text("#calc-status")


def test_fill_compute_and_size_shown_live(page, site_url):
    open_calculator(page, site_url)
    fill_basic(page)
    assert "小型企业" in page.inner_text("#size-box")
    assert page.locator(".res-eligible .result-card").count() > 0
    assert page.recorder.errors == []


def test_unknown_then_answer_then_decided(page, site_url):
    open_calculator(page, site_url, "?rule=sx2022-vat-exemption-small-scale")
    fill_basic(page)
    page.fill("#f-as_of", "2022-12-31")
    page.wait_for_timeout(400)
    card = page.locator("#res-sx2022-vat-exemption-small-scale")
    assert "status-unknown" in card.get_attribute("class")
    question = page.locator("li.question[data-fact=small_scale_taxpayer]")
    prev = computed_id(page)
    question.get_by_role("button", name="是").click()
    wait_recomputed(page, prev)
    card = page.locator("#res-sx2022-vat-exemption-small-scale")
    assert "status-eligible" in card.get_attribute("class")
    assert page.input_value("#f-small_scale_taxpayer") == "true"


def test_event_answer_adds_a_row_and_amount_appears(page, site_url):
    open_calculator(page, site_url)
    fill_basic(page)
    page.fill("#f-as_of", "2019-06-30")
    page.wait_for_timeout(400)
    page.click("#events-listing button:has-text('添加上市挂牌')")
    page.select_option("#f-events-0-type", "neeq")
    prev = computed_id(page)
    page.fill("#f-events-0-date", "2019-03-01")
    wait_recomputed(page, prev)
    card = page.locator("#res-xj2018-neeq-county")
    assert "status-eligible" in card.get_attribute("class") and "30万元" in card.inner_text()
    totals = page.locator(".totals").inner_text()
    assert "50万元" in totals and "30万元" in totals      # province 50万 + county 30万 on top


def test_result_links_to_its_clause_anchor(page, site_url):
    open_calculator(page, site_url)
    fill_basic(page)
    link = page.locator(".res-eligible .result-card a:has-text('查看条款原文')").first
    href = link.get_attribute("href")
    assert "/zxqy/zhengce/policies/" in href and "#" in href
    link.click()
    page.wait_for_load_state()
    anchor = href.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_draft_survives_reload_and_clear_wipes_it(page, site_url):
    open_calculator(page, site_url)
    fill_basic(page)
    page.wait_for_timeout(400)
    page.reload()
    page.wait_for_selector("#f-employees")
    assert page.input_value("#f-employees") == "50"
    assert page.input_value("#f-region") == "140825"
    page.click("#btn-clear")
    assert page.input_value("#f-employees") == ""
    assert page.evaluate("localStorage.getItem('sxzxqy.calc.draft.v1')") in (None, json.dumps(
        {"profile": {"events": [], "answered": []}, "asOf": page.input_value("#f-as_of")}))


def test_invalid_input_is_refused_beside_the_field_and_kept(page, site_url):
    open_calculator(page, site_url)
    prev = computed_id(page)
    page.fill("#f-employees", "abc")
    wait_recomputed(page, prev)
    err = page.locator(".field[data-field=employees] .field-error")
    assert err.is_visible() and "整数" in err.inner_text()
    assert page.input_value("#f-employees") == "abc"
    prev = computed_id(page)
    page.fill("#f-employees", "１２３")            # full-width digits are understood
    wait_recomputed(page, prev)
    assert not err.is_visible()


def test_export_then_import_round_trip(page, site_url, tmp_path):
    open_calculator(page, site_url)
    fill_basic(page)
    with page.expect_download() as dl:
        page.click("#btn-export")
    exported = json.loads(open(dl.value.path(), encoding="utf-8").read())
    assert exported["region"] == "140825" and exported["employees"] == "50"
    bad = tmp_path / "bad.json"
    bad.write_text('{"employees": "很多"}', encoding="utf-8")
    page.set_input_files("#import-file", str(bad))
    page.wait_for_selector("#import-status.error")
    assert "导入失败" in page.inner_text("#import-status")
    assert page.input_value("#f-employees") == "50"       # the draft is kept
