// The performance-evaluation score sheet (绩效评价): inputs per indicator, scored by the Python engine.
import { h } from "./dom.js";

const ASSETS = new URL("./", import.meta.url);
let worker, table, seq = 0, latest = 0, ready = false;
const entries = {};

function set(id, value) { entries[id] = value; compute(); }

function inputsFor(ind) {
  const id = ind.id;
  const lab = (text, el) => h("label", { class: "score-input" }, text, el);
  if (ind.method === "items") {
    entries[id] = { items: [] };
    return ind.items.map((it, i) => lab(`${it.label}（${it.points}分）`, h("input", { type: "checkbox", id: `${id}-${i}`,
      onchange: () => { const chosen = ind.items.filter((_, j) => document.getElementById(`${id}-${j}`).checked).map((x) => x.label); set(id, { items: chosen }); } })));
  }
  if (ind.method === "ratio") {
    const a = h("input", { type: "text", inputmode: "decimal", id: `${id}-actual` });
    const p = h("input", { type: "text", inputmode: "decimal", id: `${id}-planned` });
    const update = () => set(id, { actual: a.value, planned: p.value });
    a.addEventListener("input", update); p.addEventListener("input", update);
    return [lab("实际到位资金（万元）", a), lab("计划到位资金（万元）", p)];
  }
  if (ind.method === "choice") {
    const sel = h("select", { id: `${id}-choice`, onchange: (e) => set(id, e.target.value ? { choice: e.target.value } : undefined) },
      h("option", { value: "", text: "请选择" }), ind.items.map((it) => h("option", { value: it.label, text: `${it.label}（${it.points}分）` })));
    return [lab("情况", sel)];
  }
  if (ind.method === "deductions") {
    entries[id] = { deductions: {} };
    return ind.items.map((it, i) => lab(`${it.label}扣分（${it.min === it.max ? it.min : `${it.min}-${it.max}`}分，不扣填0）`,
      h("input", { type: "text", inputmode: "decimal", id: `${id}-d${i}`, oninput: () => {
        const d = {};
        ind.items.forEach((x, j) => { const v = document.getElementById(`${id}-d${j}`).value.trim(); if (v) d[x.label] = v; });
        set(id, { deductions: d });
      } })));
  }
  if (ind.method === "rate") {
    return [lab("完成率（%，0-100）", h("input", { type: "text", inputmode: "decimal", id: `${id}-rate`,
      oninput: (e) => set(id, e.target.value ? { rate: e.target.value } : undefined) }))];
  }
  return [lab(`得分（0-${ind.points}分）`, h("input", { type: "text", inputmode: "decimal", id: `${id}-points`,
    oninput: (e) => set(id, e.target.value ? { points: e.target.value } : undefined) }))];
}

function render() {
  const root = document.getElementById("scorer-app");
  const rows = table.indicators.map((ind) => h("tr", { id: `row-${ind.id}` },
    h("td", { text: `${ind.level1} / ${ind.level2}` }), h("th", { scope: "row", text: `${ind.level3}（${ind.points}分）` }),
    h("td", {}, h("p", { class: "hint", text: ind.standard }), inputsFor(ind),
      h("p", { class: "field-error", id: `err-${ind.id}`, role: "alert", hidden: true })),
    h("td", { class: "points", id: `pts-${ind.id}`, text: "—" })));
  root.replaceChildren(
    h("p", { id: "scorer-status", role: "status", text: "正在加载计算引擎…" }),
    h("div", { class: "rule-index" }, h("table", { id: "score-table" },
      h("thead", {}, h("tr", {}, h("th", { text: "一级 / 二级指标" }), h("th", { text: "三级指标" }), h("th", { text: "填写" }), h("th", { text: "得分" }))),
      h("tbody", {}, rows))),
    h("p", { id: "score-total", class: "amount", "aria-live": "polite", text: "总分：—" }),
    h("button", { type: "button", class: "md-button", id: "score-export", text: "导出评分表（CSV）", onclick: exportCsv }));
}

let lastResult = null;

function compute() {
  if (!ready) return;
  const id = ++seq; latest = id;
  const clean = Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  worker.postMessage({ type: "score", id, table: table.id, entries: JSON.stringify(clean) });
}

function show(res) {
  document.querySelectorAll("#score-table .field-error").forEach((p) => { p.hidden = true; p.textContent = ""; });
  const total = document.getElementById("score-total");
  if (res.type === "error") {
    const missing = [];
    for (const issue of res.issues) {
      const p = document.getElementById(`err-${issue.field}`);
      if (p && !issue.message.endsWith("未填写")) { p.textContent = issue.message; p.hidden = false; } else if (p) missing.push(issue.field);
    }
    total.textContent = missing.length ? `总分：尚有 ${missing.length} 项未填写` : "总分：请修改标红的项目";
    lastResult = null;
    return;
  }
  for (const r of res.indicators) document.getElementById(`pts-${r.id}`).textContent = r.points;
  total.textContent = `总分：${res.total} / ${res.out_of}　等次：${res.grade}`;
  lastResult = res;
}

function exportCsv() {
  if (!lastResult) { document.getElementById("score-total").textContent = "请先填完全部指标再导出"; return; }
  const lines = [["一级指标", "二级指标", "三级指标", "分值", "得分"],
    ...lastResult.indicators.map((r) => [r.level1, r.level2, r.level3, r.max, r.points]),
    ["合计", "", "", lastResult.out_of, lastResult.total], ["等次", "", "", "", lastResult.grade]];
  const csv = "\ufeff" + lines.map((l) => l.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(",")).join("\r\n");
  const a = h("a", { href: URL.createObjectURL(new Blob([csv], { type: "text/csv" })), download: "绩效评价评分表.csv" });
  document.body.append(a); a.click(); a.remove();
}

async function main() {
  if (!document.getElementById("scorer-app")) return;
  worker = new Worker(new URL("worker.js", ASSETS), { type: "module" });
  const form = await fetch(new URL("form.json", ASSETS)).then((r) => r.json());
  table = form.scoring_tables[0];
  render();
  worker.addEventListener("message", (e) => {
    const msg = e.data;
    if (msg.type === "ready") { ready = true; document.getElementById("scorer-status").textContent = `计算引擎已就绪 · 评分表：${table.title}`; document.getElementById("scorer-app").dataset.ready = "true"; compute(); }
    else if (msg.type === "scored" && msg.id === latest) { show(JSON.parse(msg.json)); document.getElementById("scorer-app").dataset.scored = String(msg.id); }
    else if (msg.type === "fatal") document.getElementById("scorer-status").textContent = msg.message;
  });
}

main();
