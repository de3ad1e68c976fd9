"""The performance-evaluation score sheet page."""


def test_score_sheet_total_grade_and_refusal(page, site_url):
    page.goto(f"{site_url}guide/scorer/")
    page.wait_for_selector("#scorer-app[data-ready=true]", state="attached", timeout=90_000)
    for box in page.locator("#score-table input[type=checkbox]").all():
        box.check()
    page.fill("#funds-rate-actual", "300")
    page.fill("#funds-rate-planned", "400")
    page.select_option("#funds-timeliness-choice", "到位及时")
    page.fill("#finance-management-points", "3")
    for ind in ("output-quantity", "output-quality", "output-timeliness", "output-cost", "economic-benefit",
                "social-benefit", "environmental-benefit", "satisfaction"):
        page.fill(f"#{ind}-rate", "100")
    page.wait_for_function("() => document.getElementById('score-total').textContent.includes('等次')")
    assert "99.25 / 100" in page.inner_text("#score-total") and "优" in page.inner_text("#score-total")
    assert page.inner_text("#pts-funds-rate") == "2.25"
    page.fill("#funds-use-d0", "3")                       # 虚列套取: 4-7 points only
    page.wait_for_function("() => !document.getElementById('err-funds-use').hidden")
    assert "应为4至7分" in page.inner_text("#err-funds-use")
    assert page.input_value("#funds-use-d0") == "3"
