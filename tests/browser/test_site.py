"""The published site: home, policy pages with anchors and rule cards, Chinese search, no other origin."""

import re

import pytest

from .conftest import ROOT


def test_home_page_links_and_no_other_origin(page, site_url):
    page.goto(site_url)
    assert "山西省中小企业政策计算器" in page.title()
    assert page.locator("a[href$='calculator/']").count() >= 1
    page.wait_for_load_state("networkidle")
    foreign = [r.url for r in page.recorder.requests if not r.url.startswith(site_url)]
    assert foreign == []
    assert page.recorder.errors == []


def test_policy_page_has_clause_anchors_and_rule_cards(page, site_url):
    page.goto(f"{site_url}policies/yuncheng-2020-38/#m5")
    heading = page.locator("h2#m5")
    assert heading.count() == 1 and "支持中小微企业做大做强" in heading.inner_text()
    card = page.locator("#rule-yc2020-small-to-above-scale")
    assert "10万元" in card.inner_text() and "市小企业发展促进中心" in card.inner_text()
    assert "在省级“小升规”奖励基础上再给予" in card.inner_text()
    link = card.locator("a.check-link")
    assert link.get_attribute("href").endswith("calculator/?rule=yc2020-small-to-above-scale")
    # every clause of the document is published with its own anchor
    assert page.locator("h2[id^=m]").count() == 18


def test_open_ended_validity_is_shown(page, site_url):
    page.goto(f"{site_url}policies/shanxi-2022-30/")
    assert "文件未规定截止日期" in page.locator(".doc-meta").inner_text()


def test_entitlement_index_filters(page, site_url):
    page.goto(f"{site_url}policies/")
    rows = page.locator("#rule-index tbody tr")
    total = rows.count()
    assert total > 100
    page.select_option("#filter-level", "county")
    visible = page.locator("#rule-index tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert all(t == "县级" for t in visible.locator("td:first-child").all_inner_texts())


def test_coverage_page_lists_every_document(page, site_url):
    page.goto(f"{site_url}policies/coverage/")
    text = page.locator("article").inner_text()
    for title in ("运城市人民政府关于运城市进一步促进中小微企业健康发展的若干意见", "新绛县2018-2019年度中小微企业创业创新基地示范县实施方案"):
        assert title in text


@pytest.mark.parametrize("where", ["", "calculator/"])
def test_chinese_search_finds_a_policy_term(page, site_url, where):
    """Also on the calculator page, whose search index is built lazily (at the first search)."""
    page.goto(site_url + where)
    page.click("input.md-search__input")
    page.fill("input.md-search__input", "贴息")
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    results = page.locator(".md-search-result__item").all_inner_texts()
    assert any("贴息" in r for r in results)
    if where:
        assert any("search-later.js" in r.url for r in page.recorder.requests)


def test_built_site_references_no_cdn():
    pattern = re.compile(r"""(?:src|href)=["']https?://""")
    offenders = []
    for path in (ROOT / "site").rglob("*.html"):
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path))
    for path in (ROOT / "site" / "assets" / "calc").glob("*.js"):
        if "https://" in path.read_text(encoding="utf-8"):
            offenders.append(str(path))
    for path in (ROOT / "site" / "assets" / "pyodide").glob("*.mjs"):    # Pyodide's own CDN default
        if re.search(r"cdn\.|jsdelivr|unpkg", path.read_text(encoding="utf-8")):
            offenders.append(str(path))
    assert offenders == []
