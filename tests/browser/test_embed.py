"""Embedding in a mobile WebView: a cross-origin host page talks to ?embed=1 by postMessage,
at a phone viewport (360×740, touch, device scale 3)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import _free_port, open_calculator

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}

HOST_HTML = """<!doctype html><meta charset="utf-8"><title>宿主应用</title>
<iframe id="calc" src="{src}" style="width:360px;height:700px;border:0"></iframe>
<iframe id="other" src="{other}" style="width:10px;height:10px;border:0"></iframe>
<script>
window.msgs = [];
window.addEventListener("message", (e) => window.msgs.push({{origin: e.origin, data: e.data}}));
</script>"""


@pytest.fixture(scope="module")
def host(site_url):
    port = _free_port()
    origin = f"http://127.0.0.1:{port}"
    html = HOST_HTML.format(src=f"{site_url}calculator/?embed=1&origins={origin}", other=f"{site_url}calculator/?embed=1")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield origin
    server.shutdown()


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def post(page, message):
    page.evaluate("m => document.getElementById('calc').contentWindow.postMessage(m, '*')", message)


def wait_msg(page, predicate_js):
    page.wait_for_function(f"() => window.msgs.some(m => {predicate_js})")
    return page.evaluate(f"() => window.msgs.filter(m => {predicate_js})")


def test_post_message_api_cross_origin(phone, host):
    phone.goto(host + "/")
    ready = wait_msg(phone, "m.data && m.data.type === 'ready'")
    assert ready[0]["data"]["schemaVersion"] == "1.0" and ready[0]["data"]["dataVersion"]
    profile = {"region": "140825", "industry": "C34", "employees": 15, "revenue": 2000000, "answered": ["*"],
               "events": [{"kind": "listing", "type": "neeq", "date": "2019-03-01"}]}
    post(phone, {"type": "evaluate", "id": "q1", "profile": profile, "asOf": "2019-06-30"})
    result = wait_msg(phone, "m.data && m.data.id === 'q1'")[0]["data"]
    assert result["type"] == "result" and result["schema_version"] == "1.0"
    assert result["totals"]["province"]["exact"] == "500000" and result["totals"]["county"]["exact"] == "300000"
    post(phone, "这不是对象")
    err = wait_msg(phone, "m.data && m.data.type === 'error' && m.data.code === 'bad_message' && !m.data.id")
    assert "消息应为对象" in err[0]["data"]["issues"][0]["message"]
    post(phone, {"type": "explode", "id": 7})
    err = wait_msg(phone, "m.data && m.data.id === 7")[0]["data"]
    assert err["type"] == "error" and err["issues"][0]["field"] == "type"
    post(phone, {"type": "evaluate", "id": "q2", "profile": {"employees": -1}})
    err = wait_msg(phone, "m.data && m.data.id === 'q2'")[0]["data"]
    assert err["type"] == "error" and err["issues"][0]["field"] == "employees"
    # the page keeps working after malformed messages
    post(phone, {"type": "evaluate", "id": "q3", "profile": profile, "asOf": "2019-06-30"})
    assert wait_msg(phone, "m.data && m.data.id === 'q3'")[0]["data"]["type"] == "result"


def test_unconfigured_origin_is_ignored(phone, host):
    phone.goto(host + "/")
    wait_msg(phone, "m.data && m.data.type === 'ready'")
    phone.evaluate("() => document.getElementById('other').contentWindow.postMessage({type: 'evaluate', id: 'x', profile: {}}, '*')")
    phone.wait_for_timeout(4000)
    assert phone.evaluate("() => window.msgs.filter(m => m.data && m.data.id === 'x').length") == 0


def test_same_origin_js_object(page, site_url):
    open_calculator(page, site_url)
    res = page.evaluate("""async () => { await window.SXCalculator.ready;
        return await window.SXCalculator.evaluate({region: '140802', employees: 'abc'}, '2022-01-01'); }""")
    assert res["type"] == "error" and res["issues"][0]["field"] == "employees"


def no_horizontal_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def small_targets(page, scope):
    return page.evaluate("""scope => Array.from(document.querySelectorAll(scope + ' button, ' + scope + ' input:not([type=checkbox]):not([type=file]), '
        + scope + ' select, ' + scope + ' .md-button, ' + scope + ' label.md-button'))
        .filter(el => el.offsetParent !== null)
        .map(el => ({el: el.id || el.textContent.trim().slice(0, 20), h: el.getBoundingClientRect().height, w: el.getBoundingClientRect().width}))
        .filter(r => r.h < 44 || r.w < 44)""", scope)


def test_embed_page_fits_a_phone(phone, site_url):
    phone.goto(f"{site_url}calculator/?embed=1")
    phone.wait_for_selector("#calc-app[data-computed]", state="attached")
    assert not phone.locator(".md-header").is_visible()
    assert no_horizontal_scroll(phone)
    assert small_targets(phone, "#calc-app") == []


@pytest.mark.parametrize("path", ["", "calculator/", "policies/", "policies/yuncheng-2020-38/", "guide/scorer/"])
def test_normal_pages_fit_a_phone(phone, site_url, path):
    phone.goto(site_url + path)
    phone.wait_for_load_state("networkidle")
    assert no_horizontal_scroll(phone), path
    assert small_targets(phone, "article") == [], path
