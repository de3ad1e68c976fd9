"""Browser tests: Debian chromium driven by Playwright against the built site,
served from a sub-folder (/zxqy/zhengce/) on 127.0.0.1 with the site's CSP header."""

import socket
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

PREFIX = "/zxqy/zhengce/"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site_url():
    if not (build.SITE / "calculator" / "index.html").exists():
        pytest.fail("site/ is not built: run `python3 build.py test` (it builds first)")
    port = _free_port()
    server = build.make_server(build.SITE, port, PREFIX)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}{PREFIX}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run `python3 build.py test` (it installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Recorder:
    """Every request the page makes, and every console error."""

    def __init__(self, page):
        self.requests = []
        self.errors = []
        page.on("request", lambda r: self.requests.append(r))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    p = context.new_page()
    p.recorder = Recorder(p)
    p.set_default_timeout(60_000)
    yield p
    context.close()


def open_calculator(page, site_url, query=""):
    page.goto(f"{site_url}calculator/{query}")
    page.wait_for_selector("#calc-app[data-ready=true]", state="attached", timeout=90_000)
    page.wait_for_selector("#calc-app[data-computed]", state="attached")


def wait_recomputed(page, previous: str | None):
    page.wait_for_function(
        "prev => { const v = document.getElementById('calc-app').dataset.computed; return v && v !== prev; }",
        arg=previous)


def computed_id(page):
    return page.get_attribute("#calc-app", "data-computed")


def fill_micro_firm_and_check(page):
    """Fill a micro manufacturer in Yuncheng and check that the page classifies it and lists results."""
    prev = computed_id(page)
    page.select_option("#f-region-city", "140800")
    page.fill("#f-employees", "15")
    page.select_option("#f-industry", "C34")
    page.fill("#f-revenue", "200万")
    wait_recomputed(page, prev)
    page.wait_for_timeout(300)
    assert "微型企业" in page.inner_text("#size-box")
    assert page.locator(".result-card").count() > 50
