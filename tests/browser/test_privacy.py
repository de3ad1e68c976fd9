"""Privacy: during a full session nothing the user typed leaves the device; the CSP holds."""

from .conftest import computed_id, open_calculator, wait_recomputed

MARKERS = ["隐私测试企业", "7654321", "2019-05-17", "8765432"]


def fill_everything(page):
    for el in page.locator("#calc-form select").all():
        options = el.locator("option").all()
        if len(options) > 1:
            el.select_option(index=min(2, len(options) - 1))
    page.select_option("#f-region-city", "140800")
    page.select_option("#f-region", "140825")
    page.select_option("#f-industry", "C34")
    for el in page.locator("#calc-form input[type=text]").all():
        el.fill(MARKERS[1])
    page.fill("#f-name", MARKERS[0])
    for el in page.locator("#calc-form input[type=date]").all():
        el.fill(MARKERS[2])
    for kind in ("recognition", "listing", "transaction", "hire", "loan", "investment", "exhibition"):
        page.locator(f"#events-{kind} button").last.click()
    for el in page.locator("#events-box input[type=text]").all():
        el.fill(MARKERS[3])
    for el in page.locator("#events-box input[type=date]").all():
        el.fill(MARKERS[2])
    for box in page.locator("#events-box input[type=checkbox]").all():
        box.check()


def test_full_session_sends_nothing_typed(browser, site_url, tmp_path):
    context = browser.new_context(accept_downloads=True)
    requests = []
    context.on("request", lambda r: requests.append(r))
    page = context.new_page()
    page.set_default_timeout(60_000)
    open_calculator(page, site_url)
    prev = computed_id(page)
    fill_everything(page)
    wait_recomputed(page, prev)
    page.fill("#f-employees", "50")
    page.fill("#f-as_of", "2019-06-30")
    page.wait_for_timeout(800)
    with page.expect_download() as dl:
        page.click("#btn-export")
    exported = open(dl.value.path(), encoding="utf-8").read()
    assert MARKERS[1] in exported and MARKERS[3] in exported
    page.emulate_media(media="print")
    page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.reload()
    page.wait_for_selector("#calc-app[data-ready=true]", state="attached", timeout=90_000)
    origin = site_url.split("/zxqy/")[0]
    assert requests, "no requests recorded"
    for r in requests:
        assert r.url.startswith(origin + "/") or r.url.startswith("blob:") or r.url.startswith("data:"), r.url
        assert r.method == "GET", (r.method, r.url)
        blob = r.url + " " + " ".join(f"{k}: {v}" for k, v in r.headers.items()) + " " + (r.post_data or "")
        for marker in MARKERS:
            assert marker not in blob, (marker, r.url)
    assert context.cookies() == []
    assert page.evaluate("() => document.cookie") == ""
    context.close()


def test_csp_header_sent_and_page_works_under_it(page, site_url):
    response = page.goto(f"{site_url}calculator/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "'wasm-unsafe-eval'" in csp and "'unsafe-eval' " not in csp + " "
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    page.wait_for_selector("#calc-app[data-ready=true]", state="attached", timeout=90_000)
    assert not [e for e in page.recorder.errors if "Content Security Policy" in e]


def test_clear_button_wipes_local_storage(page, site_url):
    open_calculator(page, site_url)
    page.fill("#f-name", MARKERS[0])
    page.wait_for_function("() => (localStorage.getItem('sxzxqy.calc.draft.v1') || '').includes('隐私测试企业')")
    page.click("#btn-clear")
    stored = page.evaluate("() => localStorage.getItem('sxzxqy.calc.draft.v1') || ''")
    assert MARKERS[0] not in stored
    assert page.input_value("#f-name") == ""
