"""A bureau's intranet server often speaks plain HTTP under a host name: the page is then not a
"secure context", so the browser offers no service worker, no Cache Storage and no crypto.subtle.
The calculator must still load, compute and keep the draft, with no error."""

import pytest

from .conftest import ARGS, CHROMIUM, PREFIX, fill_micro_firm_and_check

HOST = "zxqy.intranet"


@pytest.fixture
def intranet_page(browser, site_url):
    port = site_url.split(":")[2].split("/")[0]
    other = browser.browser_type.launch(executable_path=CHROMIUM,
                                        args=ARGS + [f"--host-resolver-rules=MAP {HOST} 127.0.0.1"])
    page = other.new_page()
    page.set_default_timeout(90_000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"http://{HOST}:{port}{PREFIX}calculator/")
    yield page, errors
    other.close()


def test_calculator_works_over_plain_http_on_an_intranet_host(intranet_page):
    page, errors = intranet_page
    assert page.evaluate("() => window.isSecureContext") is False
    assert page.evaluate("() => typeof caches === 'undefined' && !('serviceWorker' in navigator)")
    page.wait_for_selector("#calc-app[data-computed]", state="attached")
    fill_micro_firm_and_check(page)
    assert page.evaluate("() => window.__calcStats.snapshot") == "none"     # nothing to keep it in
    page.wait_for_timeout(2000)                                             # past the snapshot delay
    page.reload()
    page.wait_for_selector("#calc-app[data-ready=true]", state="attached")
    assert page.input_value("#f-employees") == "15"                         # the draft survived
    assert errors == []
