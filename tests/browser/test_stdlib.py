"""The calculator starts Python with a standard library compiled at build time (only what start-up and
the calculator import). A visit never downloads Pyodide's complete library; a module left out still
imports (the complete library is fetched once, on demand); a compiled library that will not start
falls back to Pyodide's own, and the page still answers."""

import json
import re
import zipfile

import pytest

from .conftest import ROOT, fill_micro_firm_and_check, open_calculator

RUNTIME = ROOT / "site" / "assets" / "pyodide"


@pytest.fixture(autouse=True)
def _compiled_stdlib_built():
    lock = json.loads((RUNTIME / "pyodide-lock.json").read_text())
    if "sxcalc_stdlib" not in lock["info"]:
        pytest.skip("site built without Node.js: no compiled standard library (the page uses Pyodide's own)")

PROBE_HTML = """<!doctype html><meta charset="utf-8"><title>stdlib probe</title>
<script type="module">
const calc = new URL("../assets/calc/", location.href);
const { RUNTIME, bootOptions, readRuntime } = await import(new URL("device-cache.js", calc).href);
const { loadPyodide } = await import(new URL("pyodide.mjs", RUNTIME).href);
const rt = await readRuntime();
const worker = new Worker(URL.createObjectURL(new Blob([`
  import { loadPyodide } from ${JSON.stringify(new URL("pyodide.mjs", RUNTIME).href)};
  self.onmessage = async (e) => {
    try {
      const py = await loadPyodide(e.data);
      const out = py.runPython(e.data.code);
      self.postMessage({ ok: true, out });
    } catch (err) { self.postMessage({ ok: false, out: String(err) }); }
  };`], { type: "text/javascript" })), { type: "module" });
window.probe = (code) => new Promise((resolve) => {
  worker.onmessage = (e) => resolve(e.data);
  worker.postMessage({ ...bootOptions(rt), code });
});
document.title = "ready";
</script>"""


def _left_out() -> list[str]:
    name = json.loads((RUNTIME / "pyodide-lock.json").read_text())["info"]["sxcalc_stdlib"]["file_name"]
    with zipfile.ZipFile(RUNTIME / name) as z:
        site = z.read("sitecustomize.py").decode()
    return eval(re.search(r"^MISSING = (frozenset\(.*\))$", site, re.M).group(1))  # noqa: S307 - our own build output


def test_a_visit_uses_the_compiled_library_and_never_downloads_the_complete_one(page, site_url):
    open_calculator(page, site_url)
    fill_micro_firm_and_check(page)
    assert page.evaluate("() => window.__calcStats.stdlibStart") == "compiled"
    urls = [r.url for r in page.recorder.requests]
    assert any(u.endswith("/python_stdlib_compiled.zip") for u in urls)
    assert not any(u.endswith("/python_stdlib.zip") for u in urls)
    assert page.recorder.errors == []


def test_a_left_out_standard_module_still_imports(page, site_url):
    left_out = _left_out()
    assert {"difflib", "calendar"} <= left_out
    page.route("**/calc-probe/stdlib.html", lambda route: route.fulfill(body=PROBE_HTML, content_type="text/html"))
    page.goto(f"{site_url}calc-probe/stdlib.html")
    page.wait_for_function("() => document.title === 'ready'")
    result = page.evaluate("""() => probe(`
import difflib, calendar, sys
' '.join([difflib.get_close_matches('营业收入', ['营业收入额', '从业人员'])[0], calendar.month_name[3],
          str(sum(p.endswith('python_stdlib_full.zip') for p in sys.path))])`)""")
    assert result == {"ok": True, "out": "营业收入额 March 1"}
    fetched = [r.url for r in page.recorder.requests if r.url.endswith("/python_stdlib.zip")]
    assert len(fetched) == 1                                   # the complete library, once, on demand
    missing = page.evaluate("() => probe('import sxcalc_no_such_module')")
    assert missing["ok"] is False and "ModuleNotFoundError" in missing["out"]


def test_a_compiled_library_that_will_not_start_falls_back_to_pyodides_own(page, site_url):
    page.route("**/python_stdlib_compiled.zip", lambda route: route.fulfill(body=b"PK\x05\x06" + bytes(18),
                                                                         content_type="application/zip"))
    open_calculator(page, site_url)
    assert page.evaluate("() => window.__calcStats.stdlibStart") == "stock-after-error"
    fill_micro_firm_and_check(page)
