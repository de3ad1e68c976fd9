"""Later visits start from what the device kept (a memory snapshot of a bare interpreter and the
calculator's compiled bytecode, in Cache Storage): they answer exactly as CPython does, the kept
files hold nothing the user typed, and a damaged cache falls back to a normal start."""

import json

from .conftest import ROOT, computed_id, wait_recomputed
from .test_differential import worker_differs_from_cpython

# A site built with Node.js ships its bytecode (wheels and standard library): the device keeps only the
# snapshot. Built without, the device also compiles and keeps the calculator's bytecode.
SHIPS_BYTECODE = "sxcalc_stdlib" in json.loads(
    (ROOT / "site" / "assets" / "pyodide" / "pyodide-lock.json").read_text())["info"]
KEPT = ["snapshot"] if SHIPS_BYTECODE else ["bytecode", "snapshot"]
BYTECODE = "built-in" if SHIPS_BYTECODE else "used"

SECRET = "晋测密企业丙九七"

CACHED = """async () => {
  const c = await caches.open('sxcalc-pyodide-snapshot');
  return (await c.keys()).map((r) => r.url.split('/').pop());
}"""

HOLDS = """async (needle) => {
  const want = new TextEncoder().encode(needle);
  const c = await caches.open('sxcalc-pyodide-snapshot');
  const out = [];
  for (const req of await c.keys()) {
    const bytes = new Uint8Array(await (await c.match(req)).arrayBuffer());
    let hit = false;
    for (let i = bytes.indexOf(want[0]); i !== -1 && !hit; i = bytes.indexOf(want[0], i + 1)) {
      hit = want.every((b, k) => bytes[i + k] === b);
    }
    out.push(hit);
  }
  return out;
}"""


def first_visit(context, site_url):
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{site_url}calculator/")
    page.wait_for_selector("#calc-app[data-computed]", state="attached")
    prev = computed_id(page)
    page.fill("#f-name", SECRET)
    page.fill("#f-employees", "87")
    wait_recomputed(page, prev)
    page.wait_for_function("() => ['saved', 'failed'].includes(window.__calcStats.snapshot)")
    assert page.evaluate("() => window.__calcStats.snapshot") == "saved"
    return page


def test_second_visit_starts_from_the_device_cache_and_matches_cpython(browser, site_url):
    context = browser.new_context()
    page = first_visit(context, site_url)
    kept = page.evaluate(CACHED)
    assert sorted(k.split("-")[0] for k in kept) == KEPT
    assert page.evaluate(HOLDS, SECRET) == [False] * len(KEPT)  # nothing typed is in the kept files
    page.reload()
    page.wait_for_selector("#calc-app[data-computed]", state="attached")
    assert page.evaluate("() => [window.__calcStats.snapshot, window.__calcStats.bytecode]") == ["used", BYTECODE]
    assert page.input_value("#f-name") == SECRET                # the draft is still there
    mismatches, started = worker_differs_from_cpython(page)
    assert started == {"snapshot": "used", "bytecode": BYTECODE}
    assert mismatches == [], f"{len(mismatches)} of 42 differ after a start from the device cache"
    page.click("#btn-clear")                                     # "clear my data" drops it too
    page.wait_for_function("async () => !(await caches.has('sxcalc-pyodide-snapshot'))")
    context.close()


def test_a_damaged_device_cache_is_dropped_and_the_page_still_answers(browser, site_url):
    context = browser.new_context()
    page = first_visit(context, site_url)
    page.evaluate("""async () => {
      const c = await caches.open('sxcalc-pyodide-snapshot');
      for (const req of await c.keys()) await c.put(req, new Response(new Uint8Array(4096).fill(7)));
    }""")
    page.reload()
    page.wait_for_selector("#calc-app[data-computed]", state="attached")
    assert page.evaluate("() => window.__calcStats.snapshot") in ("failed", "making", "saved")
    prev = computed_id(page)
    page.fill("#f-employees", "12")
    wait_recomputed(page, prev)
    assert "尚无法判断" in page.inner_text("#calc-results") or page.locator(".result-card").count() > 0
    mismatches, started = worker_differs_from_cpython(page, 6)
    assert mismatches == []
    context.close()
