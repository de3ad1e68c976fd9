// Web Worker: runs Python (Pyodide) off the main thread, so the page never freezes.
// Everything it loads comes from this site: ../pyodide/ (runtime, wheels, lock file) and rules.json.
import { RUNTIME as runtime, bootOptions, bytecodeKey, dropCached, readCached, readRuntime, shipsBytecode, snapshotKey, useCompressedWasm } from "./device-cache.js";

const here = new URL("./", import.meta.url);
let bridge = null;
let dataVersion = null;
const queue = [];

function post(msg) { self.postMessage(msg); }

// A memory snapshot of the bare interpreter and the compiled bytecode of the calculator's libraries,
// made on this device by snapshot.js after an earlier visit (device-cache.js), let later visits skip
// Python's start-up and most import work. Neither holds enterprise data: snapshot.js runs its own
// interpreter that never sees the form.
const PYC_EXTRACT = `
def _restore_bytecode(path):
    import site, zipfile
    with zipfile.ZipFile(path) as z:
        z.extractall(site.getsitepackages()[0])
_restore_bytecode("/tmp/sxcalc-bytecode.zip")
del _restore_bytecode
`;

async function boot() {
  try {
    const t0 = performance.now();
    post({ type: "progress", stage: "download", label: "正在下载运行环境（首次约 11 MB，之后使用缓存）" });
    const rulesPromise = fetch(new URL("rules.json", here)).then((r) => {
      if (!r.ok) throw new Error(`政策数据下载失败（HTTP ${r.status}）`);
      return r.text();
    });
    const [{ loadPyodide, version }, rt] = await Promise.all([
      import(new URL("pyodide.mjs", runtime).href), readRuntime()]);
    useCompressedWasm(rt);
    const [snapshot, bytecode] = rt.digest
      ? await Promise.all([readCached(snapshotKey(version, rt.digest)),
        shipsBytecode(rt) ? null : readCached(bytecodeKey(version, rt.digest))])
      : [null, null];
    const tSnapshot = performance.now();
    post({ type: "progress", stage: "start", label: "正在启动 Python" });
    const common = { packages: ["calculator"], stdout: () => {}, stderr: (s) => console.warn(s) };
    let pyodide = null;
    let snapshotState = snapshot ? "used" : "none";
    let stdlibState = rt.stdlib ? "compiled" : "stock";
    let tLoaded = null;
    const withBytecode = (py) => {       // compiled bytecode from an earlier visit, if any
      if (!bytecode) return;
      try {
        py.FS.writeFile("/tmp/sxcalc-bytecode.zip", bytecode);
        py.runPython(PYC_EXTRACT);
      } catch (err) {
        console.warn("bytecode cache not usable:", err);
        dropCached(bytecodeKey(version, rt.digest));
      }
    };
    if (snapshot) {
      try {
        pyodide = await loadPyodide({ ...bootOptions(rt), ...common, _loadSnapshot: snapshot });
        withBytecode(pyodide);
        tLoaded = performance.now();
        bridge = pyodide.pyimport("calculator.bridge");  // prove the restored interpreter works before relying on it
      } catch (err) {          // a snapshot this runtime cannot restore: forget it, boot normally
        console.warn("snapshot not usable, booting normally:", err);
        await dropCached(snapshotKey(version, rt.digest));
        pyodide = bridge = null;
        snapshotState = "failed";
      }
    }
    const start = async (options) => {
      pyodide = await loadPyodide({ ...options, ...common });
      withBytecode(pyodide);
      tLoaded = performance.now();
      post({ type: "progress", stage: "rules", label: "正在加载政策规则" });
      bridge = pyodide.pyimport("calculator.bridge");
    };
    if (!pyodide) {
      try {
        await start(bootOptions(rt));
      } catch (err) {
        if (!rt.stdlib) throw err;
        // the build's compiled standard library did not start here: Pyodide's own always does
        console.warn("compiled standard library not usable, starting with Pyodide's own:", err);
        stdlibState = "stock-after-error";
        await start(bootOptions(rt, { compiledStdlib: false }));
      }
    }
    const tImport = performance.now();
    dataVersion = bridge.load_rules(await rulesPromise);
    const tRules = performance.now();
    post({ type: "ready", dataVersion, bootMs: Math.round(tRules - t0), snapshot: snapshotState,
      bytecode: shipsBytecode(rt) ? "built-in" : bytecode ? "used" : "none", stdlibStart: stdlibState,
      timings: { readSnapshot: Math.round(tSnapshot - t0), pyodideAndWheels: Math.round(tLoaded - tSnapshot),
        importCalculator: Math.round(tImport - tLoaded), loadRules: Math.round(tRules - tImport) } });
    while (queue.length) handle(queue.shift());
    if (snapshotState !== "used" && stdlibState !== "stock-after-error") {
      // the standard-library modules the calculator uses (from the library Python started with, not
      // from one fetched later): a snapshot made for the next visit imports them
      const stdlib = pyodide.runPython(
        "import sys; (lambda z: sorted(n for n, m in list(sys.modules.items()) if (getattr(m, '__file__', None) or '').startswith(z)))(next(p for p in sys.path if p.endswith('.zip')) + '/')").toJs();
      post({ type: "stdlib", names: stdlib });
    }
  } catch (err) {
    post({ type: "fatal", message: `计算引擎启动失败：${err && err.message ? err.message : err}` });
  }
}

function handle(msg) {
  if (!msg || typeof msg !== "object") return;
  if (msg.type === "evaluate") {
    const t = performance.now();
    let text;
    try {
      const profile = typeof msg.profile === "string" ? msg.profile : JSON.stringify(msg.profile ?? {});
      text = bridge.evaluate_json(profile, msg.asOf || null);
    } catch (err) {
      text = JSON.stringify({ type: "error", code: "internal", issues: [{ field: "", message: `计算出错：${err.message || err}` }] });
    }
    post({ type: "evaluated", id: msg.id, json: text, ms: performance.now() - t });
  } else if (msg.type === "score") {
    let text;
    try {
      text = bridge.score_json(String(msg.table || ""), typeof msg.entries === "string" ? msg.entries : JSON.stringify(msg.entries ?? {}));
    } catch (err) {
      text = JSON.stringify({ type: "error", code: "internal", issues: [{ field: "", message: `计算出错：${err.message || err}` }] });
    }
    post({ type: "scored", id: msg.id, json: text });
  }
}

self.onmessage = (event) => {
  if (bridge) handle(event.data);
  else queue.push(event.data);
};

boot();
