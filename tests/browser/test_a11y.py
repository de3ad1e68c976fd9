"""Accessibility: axe-core (pinned npm package, test-only) finds no serious or critical violation;
the calculator works with the keyboard alone; every field is labelled; errors are announced."""

import json

import pytest

from .conftest import ROOT, computed_id, wait_recomputed

import build  # noqa: E402  (conftest puts the repo root on sys.path)


@pytest.fixture(scope="module")
def axe_source():
    return build.fetch_axe().read_text(encoding="utf-8")


@pytest.fixture
def a11y_page(browser):
    context = browser.new_context(bypass_csp=True)      # to inject axe; the site itself is unchanged
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def serious(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", ["", "policies/yuncheng-2020-38/", "policies/", "calculator/", "calculator/?embed=1"])
def test_no_serious_violations(a11y_page, site_url, axe_source, path):
    a11y_page.goto(site_url + path)
    a11y_page.wait_for_load_state("networkidle")
    assert serious(a11y_page, axe_source) == []


def test_no_serious_violations_with_results(a11y_page, site_url, axe_source):
    a11y_page.goto(f"{site_url}calculator/")
    a11y_page.wait_for_selector("#calc-app[data-computed]", state="attached")
    prev = computed_id(a11y_page)
    a11y_page.select_option("#f-region-city", "140800")
    a11y_page.fill("#f-employees", "-3")                 # an error message on screen too
    wait_recomputed(a11y_page, prev)
    prev = computed_id(a11y_page)
    a11y_page.fill("#f-employees", "30")
    wait_recomputed(a11y_page, prev)
    for d in a11y_page.locator("details").all():
        d.evaluate("el => el.open = true")
    assert serious(a11y_page, axe_source) == []


def test_every_field_has_a_label_and_errors_are_announced(page, site_url):
    page.goto(f"{site_url}calculator/")
    page.wait_for_selector("#calc-app[data-computed]", state="attached")
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('#calc-form input, #calc-form select'))
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.id)""")
    assert unlabelled == []
    assert page.locator(".field-error[role=alert]").count() == page.locator(".field-error").count()
    assert page.get_attribute("#calc-results", "aria-live") == "polite"


def test_keyboard_only(page, site_url):
    page.goto(f"{site_url}calculator/")
    page.wait_for_selector("#calc-app[data-computed]", state="attached")

    def tab_to(element_id, limit=120):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
                return
        raise AssertionError(f"could not reach #{element_id} with Tab")

    page.locator("body").click(position={"x": 1, "y": 1})
    tab_to("f-entity_kind")
    page.keyboard.press("ArrowDown")                      # 企业
    tab_to("f-region-city")
    for _ in range(8):                                    # 太原 … 运城: the 8th city
        page.keyboard.press("ArrowDown")
    tab_to("f-industry")
    page.keyboard.type("C34")
    tab_to("f-employees")
    page.keyboard.type("15")
    prev = computed_id(page)
    tab_to("f-revenue")
    page.keyboard.type("200万")
    wait_recomputed(page, prev)
    page.wait_for_timeout(300)
    assert page.input_value("#f-region-city") == "140800"
    assert "微型企业" in page.inner_text("#size-box")
    # answer a question with the keyboard alone
    prev = computed_id(page)
    button = page.locator("li.question[data-fact=small_scale_taxpayer] button", has_text="是")
    button.focus()
    page.keyboard.press("Enter")
    wait_recomputed(page, prev)
    assert page.input_value("#f-small_scale_taxpayer") == "true"
