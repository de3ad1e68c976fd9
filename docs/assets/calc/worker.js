// Web Worker: runs Python (Pyodide) off the main thread, so the page never freezes.
// Everything it loads comes from this site: ../pyodide/ (runtime, wheels, lock file) and rules.json.
const here = new URL("./", import.meta.url);
const runtime = new URL("../pyodide/", import.meta.url);
let bridge = null;
let dataVersion = null;
const queue = [];

function post(msg) { self.postMessage(msg); }

async function boot() {
  try {
    const t0 = performance.now();
    post({ type: "progress", stage: "download", label: "正在下载运行环境（首次约 15 MB，之后使用缓存）" });
    const rulesPromise = fetch(new URL("rules.json", here)).then((r) => {
      if (!r.ok) throw new Error(`政策数据下载失败（HTTP ${r.status}）`);
      return r.text();
    });
    const { loadPyodide } = await import(new URL("pyodide.mjs", runtime).href);
    post({ type: "progress", stage: "start", label: "正在启动 Python" });
    const pyodide = await loadPyodide({
      indexURL: runtime.href,
      lockFileURL: new URL("pyodide-lock.json", runtime).href,
      packages: ["calculator"],
      stdout: () => {},
      stderr: (s) => console.warn(s),
    });
    const tBoot = performance.now();
    post({ type: "progress", stage: "rules", label: "正在加载政策规则" });
    bridge = pyodide.pyimport("calculator.bridge");
    const tImport = performance.now();
    dataVersion = bridge.load_rules(await rulesPromise);
    const tRules = performance.now();
    post({ type: "ready", dataVersion, bootMs: Math.round(tRules - t0),
      timings: { pyodideAndWheels: Math.round(tBoot - t0), importCalculator: Math.round(tImport - tBoot), loadRules: Math.round(tRules - tImport) } });
    while (queue.length) handle(queue.shift());
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
