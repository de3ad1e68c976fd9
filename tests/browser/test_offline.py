"""Offline: after one visit the calculator works with the network off."""

from .conftest import fill_micro_firm_and_check


def test_reload_offline_and_compute(browser, site_url):
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{site_url}calculator/")
    page.wait_for_selector("#calc-app[data-computed]", state="attached")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cached = page.evaluate("""async () => { const k = (await caches.keys()).find((n) => n.startsWith('sxzxqy-'));
        return (await (await caches.open(k)).keys()).length; }""")
    assert cached > 50
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("#calc-app[data-ready=true]", state="attached")
    assert "政策数据版本" in page.inner_text("#calc-status")
    fill_micro_firm_and_check(page)
    context.close()
