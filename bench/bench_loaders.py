"""How the calculator's wheels get into the browser's Python: the site's lock file vs micropip
(a benchmark behind a design choice, not a test).

    .venv/bin/python bench/bench_loaders.py [--runs 3]

Run `python3 build.py` first. In one run, in the same headless Debian chromium, each from an empty
browser profile, a Web Worker starts Pyodide from the site's own files and then imports
`calculator.bridge`, four ways:
  * lock-compiled     — what the page does: `loadPyodide({packages: ["calculator"]})` from the site's
                        lock file, with the compiled standard library;
  * micropip-compiled — the same start, then `micropip.install([wheel URLs], deps=False)`;
  * lock-stock / micropip-stock — the same two with Pyodide's own (source) standard library.
micropip 0.11.1 is fetched from PyPI for this benchmark only (pinned, sha256-checked, into .cache/) and
is put beside the site's wheels for the run. Prints the medians, whether the complete standard library
had to be fetched, and the ratio of each to the page's way.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402

MICROPIP = "micropip-0.11.1-py3-none-any.whl"
MICROPIP_SHA256 = "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MODES = ("lock-compiled", "micropip-compiled", "lock-stock", "micropip-stock")

PAGE = """<!doctype html><meta charset="utf-8"><title>loaders</title>
<script type="module">
const calc = new URL("../assets/calc/", location.href);
const mode = new URLSearchParams(location.search).get("mode");
const src = `
import { RUNTIME, bootOptions, readRuntime } from ${JSON.stringify(new URL("device-cache.js", calc).href)};
const { loadPyodide } = await import(new URL("pyodide.mjs", RUNTIME).href);
const mode = ${JSON.stringify(mode)};
const t0 = performance.now();
const rt = await readRuntime();
const base = { ...bootOptions(rt, { compiledStdlib: mode.endsWith("compiled") }), stdout: () => {} };
let py;
if (mode.startsWith("lock")) {
  py = await loadPyodide({ ...base, packages: ["calculator"] });
} else {
  py = await loadPyodide(base);
  await py.loadPackage(new URL("${MICROPIP}", RUNTIME).href, { messageCallback: () => {} });
  const wheels = Object.values(JSON.parse(rt.text).packages).map((p) => new URL(p.file_name, RUNTIME).href);
  await py.pyimport("micropip").install.callKwargs(wheels, { deps: false });
}
py.pyimport("calculator.bridge");
self.postMessage(performance.now() - t0);
`;
const worker = new Worker(URL.createObjectURL(new Blob([src], { type: "text/javascript" })), { type: "module" });
worker.onmessage = (e) => { window.result = e.data; document.title = "done"; };
worker.onerror = (e) => { window.result = String(e.message); document.title = "done"; };
</script>""".replace("${MICROPIP}", MICROPIP)


def fetch_micropip() -> Path:
    out = build.CACHE / "bench"
    wheel = out / MICROPIP
    if not build._verified(wheel, MICROPIP_SHA256):
        out.mkdir(parents=True, exist_ok=True)
        reqs = out / "requirements.txt"
        reqs.write_text(f"micropip==0.11.1 --hash=sha256:{MICROPIP_SHA256}\n")
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
                        "--require-hashes", "--only-binary=:all:", "--python-version", "3.14", "-r", str(reqs),
                        "-d", str(out)], check=True)
        if not build._verified(wheel, MICROPIP_SHA256):
            raise SystemExit(f"{MICROPIP}: sha256 does not match the pin")
    return wheel


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright
    runtime = build.SITE / "assets" / "pyodide"
    placed = runtime / MICROPIP
    shutil.copy2(fetch_micropip(), placed)
    server = build.make_server(build.SITE, 0, "/", csp=False)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    times: dict[str, list[float]] = {m: [] for m in MODES}
    full_stdlib: dict[str, int] = {m: 0 for m in MODES}
    try:
        with sync_playwright() as pw:
            for _ in range(args.runs):
                for mode in MODES:
                    with tempfile.TemporaryDirectory() as user_dir:
                        ctx = pw.chromium.launch_persistent_context(user_dir, executable_path="/usr/bin/chromium",
                                                                    args=ARGS)
                        page = ctx.new_page()
                        urls: list[str] = []
                        page.on("request", lambda r: urls.append(r.url))
                        page.route("**/bench-loaders/index.html*",
                                   lambda route: route.fulfill(body=PAGE, content_type="text/html"))
                        page.goto(f"http://127.0.0.1:{port}/bench-loaders/index.html?mode={mode}")
                        page.wait_for_function("() => document.title === 'done'", timeout=180_000)
                        result = page.evaluate("() => window.result")
                        ctx.close()
                        if not isinstance(result, (int, float)):
                            raise SystemExit(f"{mode}: {result}")
                        times[mode].append(result)
                        if mode.endswith("compiled"):
                            full_stdlib[mode] += any(u.endswith("/python_stdlib.zip") for u in urls)
    finally:
        server.shutdown()
        placed.unlink(missing_ok=True)
    page_way = statistics.median(times["lock-compiled"])
    print(f"headless Debian chromium, {args.runs} cold runs each, medians, ms from worker start to "
          "`import calculator.bridge` done")
    for mode in MODES:
        med = statistics.median(times[mode])
        extra = (f"   complete stdlib fetched in {full_stdlib[mode]}/{args.runs} runs"
                 if mode.endswith("compiled") else "")
        print(f"{mode:18s} {med:7.0f}   {med / page_way:.2f} x the page's way{extra}")


if __name__ == "__main__":
    main()
