"""Speed and size of the calculator page against a bare Pyodide boot (a benchmark, not a test).

    .venv/bin/python bench/bench_site.py [--runs 3]

Builds nothing: run `python3 build.py` first. In one run, in the same headless Debian chromium,
from the site's own files served on 127.0.0.1, it measures side by side:
  * bare `loadPyodide()` from assets/pyodide/ (the floor: Pyodide as npm ships it, with its own
    python_stdlib.zip, not the calculator's compiled one), cold (empty profile) and warm (2nd visit);
  * the calculator page: time to first result, cold and warm;
  * recompute after changing one field (main thread → worker → rendered), median;
  * bytes transferred (raw, and as gzip -9 would send them);
  * the longest main-thread frame gap while Python boots.
and prints the figures with their ratios to the floor.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

BARE_HTML = """<!doctype html><meta charset="utf-8"><title>bare</title>
<script type="module">
const base = new URL("assets/pyodide/", location.href);
const { loadPyodide } = await import(new URL("pyodide.mjs", base).href);
await loadPyodide({ indexURL: base.href });
performance.mark("bare-ready");
document.title = "ready";
</script>"""

FRAME_PROBE = """
window.__longestFrame = 0;       // from navigation start to the first result
window.__longestBootFrame = 0;   // while Python boots: from the worker's start to the first result
(function () {
  let last = performance.now();
  function tick(now) {
    const gap = now - last; last = now;
    if (!performance.getEntriesByName('calc-first-result').length) {
      if (gap > window.__longestFrame) window.__longestFrame = gap;
      const start = performance.getEntriesByName('calc-worker-start')[0];
      if (start && now - gap >= start.startTime && gap > window.__longestBootFrame) window.__longestBootFrame = gap;
    }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


timings: list[dict] = []


THROTTLE: dict | None = None      # --throttle: DevTools network conditions for every visit


def run_visit(pw, user_dir: str, url: str, mark: str):
    ctx = pw.chromium.launch_persistent_context(user_dir, executable_path="/usr/bin/chromium", args=ARGS)
    page = ctx.new_page()
    if THROTTLE:
        cdp = ctx.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", THROTTLE)
    sizes: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: sizes.append((r.url, r.sizes()["responseBodySize"])))
    page.add_init_script(FRAME_PROBE)
    page.goto(url)
    page.wait_for_function(f"() => performance.getEntriesByName('{mark}').length > 0", timeout=120_000)
    t = page.evaluate(f"() => performance.getEntriesByName('{mark}')[0].startTime")
    sizes_to_mark = len(sizes)      # bytes up to the first result (not the snapshot made afterwards)
    frame = page.evaluate("() => [window.__longestFrame, window.__longestBootFrame]")
    recompute = None
    if mark == "calc-first-result":
        recompute = []
        for i in range(15):
            prev = page.get_attribute("#calc-app", "data-computed")
            page.fill("#f-employees", str(20 + i))
            page.wait_for_function("p => document.getElementById('calc-app').dataset.computed !== p", arg=prev)
        stats = page.evaluate("() => window.__calcStats.computes.slice(-15)")
        timings.append((user_dir, page.evaluate("() => window.__calcStats.timings")))
        recompute = [s["total"] for s in stats]
        engine = [s["engine"] for s in stats]
        recompute = (recompute, engine, page.evaluate("() => window.__calcStats.snapshot"))
        # a visitor stays on the page: let it finish preparing the start-up snapshot for the next visit
        page.wait_for_function("() => !['none', 'making'].includes(window.__calcStats.snapshot)", timeout=120_000)
    ctx.close()
    return t, frame, sizes[:sizes_to_mark], recompute


def transfer(sizes, site: Path, prefix_url: str) -> tuple[int, int]:
    raw = comp = 0
    for url, size in sizes:
        raw += size
        rel = url.split("?")[0][len(prefix_url):]
        path = site / rel
        if path.is_dir() or rel.endswith("/") or rel == "":
            path = path / "index.html"
        comp += gz(path.read_bytes()) if path.is_file() else size
    return raw, comp


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--throttle", metavar="MBPS,RTT_MS",
                    help="emulate a slower network in every visit, e.g. 20,40 (DevTools network conditions)")
    args = ap.parse_args()
    global THROTTLE
    if args.throttle:
        mbps, rtt = (float(x) for x in args.throttle.split(","))
        THROTTLE = {"offline": False, "latency": rtt, "downloadThroughput": mbps * 1e6 / 8,
                    "uploadThroughput": mbps * 1e6 / 8}
    # the bare page is a real file for the run (Playwright's request routing would turn the HTTP cache off,
    # and the bare boot's warm visit would download everything again)
    bare_page = build.SITE / "__bench_bare.html"
    bare_page.write_text(BARE_HTML, encoding="utf-8")
    server = build.make_server(build.SITE, 0, "/", csp=False)   # its inline script; site pages carry their CSP
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}/"
    res = {k: [] for k in ("bare_cold", "bare_warm", "calc_cold", "calc_warm", "frame", "boot_frame", "recompute",
                           "engine", "warm_snapshot")}
    try:
        measure(args.runs, base, res)
    finally:
        server.shutdown()
        bare_page.unlink(missing_ok=True)
    bytes_bare, bytes_calc = res.pop("bytes_bare"), res.pop("bytes_calc")
    report(args, res, bytes_bare, bytes_calc)


def measure(runs: int, base: str, res: dict) -> None:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        for _ in range(runs):
            for kind, url, mark in (("bare", base + "__bench_bare.html", "bare-ready"),
                                    ("calc", base + "calculator/", "calc-first-result")):
                with tempfile.TemporaryDirectory() as user_dir:
                    cold, frame, sizes, rec = run_visit(pw, user_dir, url, mark)
                    warm, _, _, warm_rec = run_visit(pw, user_dir, url, mark)
                    if warm_rec:
                        res["warm_snapshot"].append(warm_rec[2])
                res[f"{kind}_cold"].append(cold)
                res[f"{kind}_warm"].append(warm)
                if kind == "calc":
                    res["frame"].append(frame[0])
                    res["boot_frame"].append(frame[1])
                    res["recompute"].extend(rec[0])
                    res["engine"].extend(rec[1])
                    res["bytes_calc"] = transfer(sizes, build.SITE, base)
                else:
                    res["bytes_bare"] = transfer([s for s in sizes if "__bench_bare" not in s[0]], build.SITE, base)


def report(args, res: dict, bytes_bare: tuple[int, int], bytes_calc: tuple[int, int]) -> None:
    snapshots = res.pop("warm_snapshot")
    med = {k: statistics.median(v) for k, v in res.items() if v}
    floor = med["bare_cold"]
    network = f"network emulated at {args.throttle} (Mbit/s, ms RTT)" if args.throttle else "no network emulation"
    print(f"headless Debian chromium, {args.runs} runs each, medians, ms from navigation start; site served on "
          f"127.0.0.1, {network}")
    print(f"bare Pyodide boot (floor)      cold {med['bare_cold']:7.0f}   warm {med['bare_warm']:7.0f}")
    print(f"calculator first result        cold {med['calc_cold']:7.0f}   warm {med['calc_warm']:7.0f}")
    print(f"  ratio cold / floor           {med['calc_cold'] / floor:.2f}   (target <= 1.3)")
    print(f"  ratio warm / floor           {med['calc_warm'] / floor:.2f}   (target <= 1.0; "
          f"vs the bare boot's own warm visit {med['calc_warm'] / med['bare_warm']:.2f}); "
          f"warm visits started from the device's snapshot: {snapshots.count('used')}/{len(snapshots)}")
    print(f"recompute after one field      median {med['recompute']:.1f} ms round trip "
          f"(engine {med['engine']:.1f} ms)   target <= 50 ms")
    print(f"longest main-thread frame while Python boots (worker start -> first result)  {med['boot_frame']:.0f} ms"
          f"   target <= 50 ms")
    print(f"longest main-thread frame from navigation start (includes the page's own first layout)  {med['frame']:.0f} ms")
    seen: set = set()
    cold_t, warm_t = [], []
    for user_dir, t in timings:              # the first visit of each profile directory is the cold one
        (warm_t if user_dir in seen else cold_t).append(t)
        seen.add(user_dir)
    for label, group in (("cold", cold_t), ("warm", warm_t)):
        if group:
            print(f"calculator worker boot ({label}), median ms: " + ", ".join(
                f"{k} {statistics.median(t[k] for t in group):.0f}" for k in group[0]))
    print(f"bytes bare  raw {bytes_bare[0] / 1e6:.2f} MB  gzip {bytes_bare[1] / 1e6:.2f} MB")
    print(f"bytes page  raw {bytes_calc[0] / 1e6:.2f} MB  gzip {bytes_calc[1] / 1e6:.2f} MB   "
          f"ratio gzip {bytes_calc[1] / bytes_bare[1]:.2f} (target <= 1.4)")


if __name__ == "__main__":
    main()
