// The calculator page: a form in Chinese, results from the Python engine running in a Web Worker.
// Nothing typed here leaves the device: the draft lives in this browser's localStorage only.
import { h } from "./dom.js";
import { DEVICE_CACHE } from "./device-cache.js";

const ASSETS = new URL("./", import.meta.url);
const SITE_ROOT = new URL("../../", import.meta.url);
const DRAFT_KEY = "sxzxqy.calc.draft.v1";
const MAX_IMPORT_BYTES = 2_000_000;

const BASIC = ["entity_kind", "region", "industry", "registration_date", "employees", "revenue", "assets", "above_scale", "size"];
const FIGURES = ["main_business_revenue", "prior_max_main_business_revenue", "revenue_growth_pct", "profit_margin_pct"];
const EVENT_FIELDS_BY_KIND = {
  recognition: ["date", "level", "grade"],
  listing: ["date"],
  transaction: ["date", "amount"],
  hire: ["date", "count", "months"],
  loan: ["date", "amount", "interest"],
  investment: ["date", "amount"],
  exhibition: ["date", "amount"],
};
const STATUS = { eligible: "符合条件", unknown: "尚无法判断", not_eligible: "不符合条件", not_in_force: "不在有效期内" };
const LEVEL = { province: "省级", city: "市级", county: "县级", overall: "合计" };

let form = null;          // form.json: vocabulary, regions, industries
let worker = null;
let ready = false;
let state = { profile: { events: [], answered: [] }, asOf: today() };
let seq = 0;
let latest = 0;
let saveTimer = null;
let evalTimer = null;
const stats = { computes: [], firstResultMs: null };
window.__calcStats = stats;
const PARAMS = new URLSearchParams(location.search);
const EMBED = PARAMS.get("embed") === "1";
// Origins allowed to talk to this page by postMessage: this site, plus those the host lists in ?origins=.
const ALLOWED_ORIGINS = new Set([location.origin,
  ...(PARAMS.get("origins") || "").split(",").map((o) => o.trim()).filter((o) => /^https?:\/\/[^/]+$/.test(o))]);
const pendingCalls = new Map();
let readyResolve;
const readyPromise = new Promise((resolve) => { readyResolve = resolve; });
let dataVersion = null;
if (EMBED) document.documentElement.classList.add("calc-embed");

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function yuan(text) {
  if (text === undefined || text === null || text === "") return "";
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (n !== 0 && n % 10000 === 0) return `${(n / 10000).toLocaleString("zh-CN")}万元`;
  return `${n.toLocaleString("zh-CN", { maximumFractionDigits: 2 })}元`;
}

// --- draft ------------------------------------------------------------------------------

function loadDraft() {
  try {
    const raw = localStorage.getItem(DRAFT_KEY);
    if (!raw) return;
    const saved = JSON.parse(raw);
    if (saved && typeof saved === "object" && saved.profile && typeof saved.profile === "object") {
      state.profile = { events: [], answered: [], ...saved.profile };
      if (!Array.isArray(state.profile.events)) state.profile.events = [];
      if (!Array.isArray(state.profile.answered)) state.profile.answered = [];
      if (typeof saved.asOf === "string") state.asOf = saved.asOf;
    }
  } catch (_) { /* a damaged draft is ignored, never fatal */ }
}

function saveDraft() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    try { localStorage.setItem(DRAFT_KEY, JSON.stringify(state)); } catch (_) { /* storage full or disabled */ }
  }, 150);
}

function cleanProfile() {
  const out = {};
  for (const [k, v] of Object.entries(state.profile)) {
    if (k === "events" || k === "answered") continue;
    if (v === "" || v === null || v === undefined) continue;
    if (v === "true") out[k] = true;
    else if (v === "false") out[k] = false;
    else out[k] = typeof v === "string" ? v.trim() : v;
  }
  out.events = state.profile.events.map((e) => {
    const ev = {};
    for (const [k, v] of Object.entries(e)) if (v !== "" && v !== null && v !== undefined) ev[k] = typeof v === "string" ? v.trim() : v;
    return ev;
  });
  out.answered = [...state.profile.answered];
  return out;
}

// --- form -------------------------------------------------------------------------------

function fieldId(name) { return `f-${name.replace(/\./g, "-")}`; }

function fieldShell(name, label, control, help) {
  const errId = `err-${name.replace(/\./g, "-")}`;
  control.setAttribute("aria-describedby", `${errId}${help ? ` hint-${name}` : ""}`);
  return h("div", { class: "field", dataset: { field: name } },
    h("label", { for: control.id, text: label }),
    control,
    help ? h("p", { class: "hint", id: `hint-${name}`, text: help }) : null,
    h("p", { class: "field-error", id: errId, role: "alert", hidden: true }));
}

function onValue(name, value) {
  state.profile[name] = value;
  changed();
}

function factControl(name) {
  const spec = form.facts[name];
  const id = fieldId(name);
  const value = state.profile[name] ?? "";
  let control;
  if (spec.type === "bool") {
    control = h("select", { id, name, onchange: (e) => onValue(name, e.target.value) },
      h("option", { value: "", text: "不清楚 / 暂不填写" }), h("option", { value: "true", text: "是" }),
      h("option", { value: "false", text: "否" }));
    control.value = value === true ? "true" : value === false ? "false" : String(value);
  } else if (spec.type.startsWith("enum:")) {
    const options = form.enums[spec.type.slice(5)];
    control = h("select", { id, name, onchange: (e) => onValue(name, e.target.value) },
      h("option", { value: "", text: "不清楚 / 暂不填写" }),
      Object.entries(options).map(([k, v]) => h("option", { value: k, text: v })));
    control.value = String(value);
  } else if (spec.type === "date") {
    control = h("input", { id, name, type: "date", min: "1949-10-01", max: "2100-12-31", value,
      oninput: (e) => onValue(name, e.target.value) });
  } else if (spec.type === "industry") {
    control = h("select", { id, name, onchange: (e) => onValue(name, e.target.value) },
      h("option", { value: "", text: "不清楚 / 暂不填写" }), industryOptions());
    control.value = String(value);
  } else {
    control = h("input", { id, name, type: "text", inputmode: "decimal", autocomplete: "off", value: String(value),
      placeholder: spec.type === "money" ? "如 1200000 或 120万" : spec.type === "percent" ? "如 15" : "如 50",
      oninput: (e) => onValue(name, e.target.value) });
  }
  return fieldShell(name, spec.label, control, spec.type === "bool" ? null : spec.question);
}

function industryOptions() {
  const groups = [];
  let current = null;
  for (const item of form.industries) {
    if (/^[A-T]$/.test(item.code)) {
      current = h("optgroup", { label: `${item.code} ${item.name}` },
        h("option", { value: item.code, text: `${item.code} ${item.name}（未细分）` }));
      groups.push(current);
    } else if (current) {
      current.append(h("option", { value: item.code, text: `${item.code} ${item.name}` }));
    }
  }
  return groups;
}

function regionControl() {
  const code = state.profile.region || "";
  const cityCode = code ? `${code.slice(0, 4)}00` : "";
  const city = h("select", { id: "f-region-city", name: "region-city" },
    h("option", { value: "", text: "请选择所在市" }),
    form.cities.map((c) => h("option", { value: c.code, text: c.name })));
  const county = h("select", { id: "f-region", name: "region" });
  function fillCounties() {
    const c = form.cities.find((x) => x.code === city.value);
    county.replaceChildren(h("option", { value: city.value, text: c ? "（县区未定，按全市）" : "请先选择市" }),
      ...(c ? c.counties.map((k) => h("option", { value: k.code, text: k.name })) : []));
  }
  city.value = form.cities.some((c) => c.code === cityCode) ? cityCode : "";
  fillCounties();
  county.value = code && city.value ? code : city.value;
  city.addEventListener("change", () => { fillCounties(); onValue("region", city.value); });
  county.addEventListener("change", () => onValue("region", county.value));
  const shell = fieldShell("region", "所在县（市、区）", county, "注册地所在的县（市、区），按 GB/T 2260 行政区划");
  shell.insertBefore(h("label", { for: "f-region-city", text: "所在市" }), shell.firstChild);
  shell.insertBefore(city, shell.children[1]);
  return shell;
}

function eventRow(kind, index) {
  const ev = state.profile.events[index];
  const prefix = `events.${index}`;
  const types = form.event_types[kind];
  const typeSel = h("select", { id: fieldId(`${prefix}.type`), onchange: (e) => { ev.type = e.target.value; changed(); } },
    Object.entries(types).map(([k, v]) => h("option", { value: k, text: v })));
  typeSel.value = ev.type;
  const parts = [fieldShell(`${prefix}.type`, "事项", typeSel)];
  for (const f of EVENT_FIELDS_BY_KIND[kind]) {
    const id = fieldId(`${prefix}.${f}`);
    let control;
    if (f === "date") {
      control = h("input", { id, type: "date", min: "1949-10-01", max: "2100-12-31", value: ev.date ?? "",
        oninput: (e) => { ev.date = e.target.value; changed(); } });
    } else if (f === "level") {
      control = h("select", { id, onchange: (e) => { ev.level = e.target.value; changed(); } },
        h("option", { value: "", text: "不清楚" }),
        Object.entries(form.enums.level).map(([k, v]) => h("option", { value: k, text: v })));
      control.value = ev.level ?? "";
    } else {
      control = h("input", { id, type: "text", inputmode: "decimal", autocomplete: "off", value: ev[f] ?? "",
        oninput: (e) => { ev[f] = e.target.value; changed(); } });
    }
    parts.push(fieldShell(`${prefix}.${f}`, form.event_fields[f] + (f === "grade" ? "（ITSS 填 1、2 级）" : ""), control));
  }
  const remove = h("button", { type: "button", class: "md-button small", text: "删除这一项",
    onclick: () => { state.profile.events.splice(index, 1); renderEvents(); changed(); } });
  return h("div", { class: "event-row", dataset: { index: String(index) } }, parts, remove);
}

function renderEvents() {
  const box = document.getElementById("events-box");
  box.replaceChildren();
  for (const [kind, label] of Object.entries(form.event_kinds)) {
    const rows = [];
    state.profile.events.forEach((e, i) => { if (e.kind === kind) rows.push(eventRow(kind, i)); });
    const complete = state.profile.answered.includes(kind) || state.profile.answered.includes("*");
    const check = h("input", { type: "checkbox", id: `answered-${kind}`, checked: complete,
      onchange: (e) => {
        const list = state.profile.answered.filter((x) => x !== kind);
        if (e.target.checked) list.push(kind);
        state.profile.answered = list;
        changed();
      } });
    box.append(h("fieldset", { class: "event-kind", id: `events-${kind}` },
      h("legend", { text: label }),
      rows.length ? rows : h("p", { class: "hint", text: "尚未填写。" }),
      h("button", { type: "button", class: "md-button small", text: `添加${label}`,
        onclick: () => addEvent(kind) }),
      h("p", { class: "answered" }, check, h("label", { for: `answered-${kind}`,
        text: "以上已全部列出（没有列出的即为没有）" }))));
  }
}

function addEvent(kind, type) {
  const first = Object.keys(form.event_types[kind])[0];
  state.profile.events.push({ kind, type: type || first });
  renderEvents();
  changed();
  const index = state.profile.events.length - 1;
  const date = document.getElementById(fieldId(`events.${index}.date`));
  if (date) date.focus();
  return index;
}

// The form's sections: each an element of its own and a list of parts, every part built only when
// called, so that at page start the form can be drawn a part at a time.
function formSectionSpecs() {
  const control = (name) => () => (name === "region" ? regionControl() : factControl(name));
  const heading = (id, text) => () => h("h2", { id, text });
  const hint = (text) => () => h("p", { class: "hint", text });
  const boolNames = Object.keys(form.facts).filter((k) => form.facts[k].type === "bool" && !BASIC.includes(k));
  return [
    { id: "sec-basic", parts: [heading("sec-basic", "一、基本情况"),
      hint("所有项目均可不填；不确定的请留空，计算器会告诉您还需要哪些信息，不会把“未填”当作“没有”。"),
      () => fieldShell("name", "企业名称（仅保存在本机，可不填）",
        h("input", { id: "f-name", type: "text", autocomplete: "organization", value: state.profile.name ?? "",
          oninput: (e) => onValue("name", e.target.value) })),
      ...BASIC.map(control)] },
    { id: "sec-size", parts: [heading("sec-size", "二、企业规模（按工信部联企业〔2011〕300号自动判断）"),
      () => h("div", { id: "size-box", class: "size-box", role: "status", "aria-live": "polite", text: "填写行业、从业人员、营业收入后自动判断。" })] },
    { id: "sec-figures", parts: [heading("sec-figures", "三、经营情况"), ...FIGURES.map(control), ...boolNames.map(control)] },
    { id: "sec-events", parts: [heading("sec-events", "四、认定、上市、交易、用工、贷款、投资、参展"),
      hint("按实际情况逐项添加并填写日期；某一类全部列完后勾选“以上已全部列出”。"),
      () => h("div", { id: "events-box" })] },
    { id: "sec-asof", parts: [heading("sec-asof", "五、计算日期"),
      () => fieldShell("as_of", "按哪一天的政策计算",
        h("input", { id: "f-as_of", type: "date", min: "2000-01-01", max: "2100-12-31", value: state.asOf,
          oninput: (e) => { state.asOf = e.target.value; changed(); } }),
        "默认今天；可改为过去的日期，查看当时有效的政策。")] }];
}

const sectionShell = (spec) => h("section", { class: "form-section", "aria-labelledby": spec.id });

function renderForm() {
  document.getElementById("calc-form").replaceChildren(...formSectionSpecs().map((spec) => {
    const section = sectionShell(spec);
    section.append(...spec.parts.map((build) => build()));
    return section;
  }));
  renderEvents();
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

// At page start the form is drawn a part (a field, an event group) at a time; each part is built and
// laid out at once, and the page yields to the browser before a part whenever the frame's budget is
// spent (a heavy part, such as the industry list, then has a frame to itself), so no frame is long
// while Python boots in the worker.
async function renderFormProgressively() {
  const root = document.getElementById("calc-form");
  root.replaceChildren();
  let start = performance.now();
  const place = async (parent, node) => {
    if (performance.now() - start > 4) {   // budget spent: the next part goes in the next frame
      await nextFrame();
      start = performance.now();
    }
    parent.append(node);
    void root.offsetHeight;                 // lay out now, so the budget above includes layout
  };
  for (const spec of formSectionSpecs()) {
    const section = sectionShell(spec);
    root.append(section);
    for (const build of spec.parts) {
      const part = build();
      if (part.id !== "events-box") {
        await place(section, part);
        continue;
      }
      section.append(part);
      renderEvents();
      const groups = [...part.childNodes];
      part.replaceChildren();
      for (const group of groups) await place(part, group);
    }
  }
}

function setFieldValue(name, value) {
  const el = document.getElementById(fieldId(name));
  if (!el) return;
  el.value = value === true ? "true" : value === false ? "false" : String(value ?? "");
}

// --- evaluation -----------------------------------------------------------------------

function changed() {
  saveDraft();
  clearTimeout(evalTimer);
  evalTimer = setTimeout(compute, 120);
}

function compute() {
  if (!ready) return;
  const id = ++seq;
  latest = id;
  stats.pending = { id, t0: performance.now() };
  worker.postMessage({ type: "evaluate", id, profile: JSON.stringify(cleanProfile()), asOf: state.asOf || null });
}

function showErrors(issues) {
  document.querySelectorAll(".field-error").forEach((p) => { p.hidden = true; p.textContent = ""; });
  document.querySelectorAll(".field.has-error").forEach((f) => f.classList.remove("has-error"));
  document.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  const general = [];
  for (const issue of issues) {
    let field = issue.field || "";
    let shell = field ? document.querySelector(`.field[data-field="${CSS.escape(field)}"]`) : null;
    while (!shell && field.includes(".")) {
      field = field.slice(0, field.lastIndexOf("."));
      shell = document.querySelector(`.field[data-field="${CSS.escape(field)}"]`);
    }
    if (!shell) { general.push(issue.message); continue; }
    shell.classList.add("has-error");
    const p = shell.querySelector(".field-error");
    p.textContent = p.textContent ? `${p.textContent}；${issue.message}` : issue.message;
    p.hidden = false;
    const input = shell.querySelector("input, select");
    if (input) input.setAttribute("aria-invalid", "true");
  }
  return general;
}

function renderResult(res, ms) {
  const out = document.getElementById("calc-results");
  if (res.type === "error") {
    const general = showErrors(res.issues || []);
    out.replaceChildren(h("div", { class: "admonition warning", role: "alert" },
      h("p", { class: "admonition-title", text: "请修改标红的项目后再计算" }),
      general.length ? h("ul", {}, general.map((m) => h("li", { text: m }))) :
        h("p", { text: `共 ${res.issues.length} 处需要修改，见表单中的红色提示。您填写的内容都已保留。` })));
    return;
  }
  showErrors([]);
  renderSize(res.size);
  const groups = { eligible: [], unknown: [], not_eligible: [], not_in_force: [] };
  for (const r of res.results) groups[r.status].push(r);
  const t = res.totals;
  out.replaceChildren(
    h("div", { class: "result-head" },
      h("p", { class: "meta", text: `计算日期 ${res.as_of} · 政策数据版本 ${res.data_version} · 用时 ${Math.round(ms)} 毫秒` }),
      res.warnings.map((w) => h("p", { class: "warning", role: "note", text: w }))),
    h("section", { class: "totals", "aria-labelledby": "res-totals" },
      h("h2", { id: "res-totals", text: "可享受的金额合计" }),
      h("table", {},
        h("thead", {}, h("tr", {}, h("th", { text: "层级" }), h("th", { text: "确定金额" }), h("th", { text: "“最高不超过”类上限" }),
          h("th", { text: "项数" }))),
        h("tbody", {}, ["province", "city", "county", "overall"].map((k) => h("tr", { class: k === "overall" ? "overall" : "" },
          h("th", { text: LEVEL[k] }), h("td", { text: yuan(t[k].exact) }), h("td", { text: yuan(t[k].up_to) }),
          h("td", { text: `${t[k].eligible} 项（金额未明确 ${t[k].amount_unknown} 项，非货币 ${t[k].non_monetary} 项）` })))))),
    section("eligible", `符合条件的政策（${groups.eligible.length} 项）`, groups.eligible.map(card), true),
    questionsSection(res.questions, groups.unknown),
    section("not_eligible", `不符合条件（${groups.not_eligible.length} 项）`, groups.not_eligible.map(card), false),
    section("not_in_force", `不在有效期内（${groups.not_in_force.length} 项）`, groups.not_in_force.map(card), false));
  highlightRequested();
}

function renderSize(size) {
  const box = document.getElementById("size-box");
  if (!box) return;
  box.replaceChildren(h("strong", { text: size.size ? size.label : "暂无法判断" }), h("span", { text: `　${size.reason}` }));
}

function section(status, title, items, open) {
  const body = items.length ? items : [h("p", { class: "hint", text: "无" })];
  if (open) return h("section", { class: `res-${status}`, "aria-labelledby": `res-${status}` }, h("h2", { id: `res-${status}`, text: title }), body);
  return h("section", { class: `res-${status}` }, h("details", {}, h("summary", { id: `res-${status}`, text: title }), body));
}

function card(r) {
  const link = new URL(r.citation.url, SITE_ROOT).href;
  const amount = r.status === "eligible" ? (r.amount.text || "金额未明确") : (r.amount.text || "");
  return h("article", { class: `result-card status-${r.status}`, id: `res-${r.rule_id}`, dataset: { rule: r.rule_id } },
    h("h3", {}, h("span", { class: "badge", text: STATUS[r.status] }), ` ${r.label}`),
    amount ? h("p", { class: "amount", text: amount }) : null,
    r.excluded_by ? h("p", { class: "hint", text: `与 ${r.excluded_by} 只计其一，合计中未重复计算。` }) : null,
    r.reason ? h("p", { class: "reason", text: `原因：${r.reason}` }) : null,
    h("p", { class: "source" }, `${LEVEL[r.level]} · ${r.document.number || r.document.title} ${r.clause.number} · 受理部门：${r.department}`),
    h("p", { class: "source" }, h("a", { href: link, text: "查看条款原文" }), `　“${r.citation.quote}”`),
    r.interpretation ? h("p", { class: "interpretation", text: `理解说明：${r.interpretation}` }) : null,
    r.valid.open_ended ? h("p", { class: "hint", text: `有效期：自 ${r.valid.from} 起，文件未规定截止日期。` }) : null,
    r.trace && r.trace.length ? h("details", { class: "trace" }, h("summary", { text: "逐项条件" }),
      h("ul", {}, r.trace.map((s) => h("li", { class: `step-${s.status}` },
        h("span", { class: "step-mark", text: s.status === "met" ? "✔ 满足" : s.status === "not_met" ? "✘ 不满足" : "？ 待确认" }),
        ` ${s.label}`, s.value ? `（${s.value}）` : "")))) : null);
}

function questionsSection(questions, unknownRules) {
  const items = questions.map((q) => {
    const stake = q.at_stake && q.at_stake !== "0" ? `，涉及最高 ${yuan(q.at_stake)}` : "";
    return h("li", { class: "question", dataset: { fact: q.fact } },
      h("p", {}, h("strong", { text: q.question }), h("span", { class: "hint", text: `（影响 ${q.rules.length} 项${stake}）` })),
      answerWidget(q));
  });
  return h("section", { class: "res-unknown", "aria-labelledby": "res-unknown" },
    h("h2", { id: "res-unknown", text: `尚无法判断（${unknownRules.length} 项）——回答这些问题即可判断` }),
    items.length ? h("ol", { class: "questions" }, items) : h("p", { class: "hint", text: "无" }),
    unknownRules.length ? h("details", {}, h("summary", { text: "查看这些政策" }), unknownRules.map(card)) : null);
}

function answerWidget(q) {
  if (q.kind === "fact" && form.facts[q.fact]) {
    const spec = form.facts[q.fact];
    const id = `answer-${q.fact}`;
    let control;
    if (spec.type === "bool") {
      return h("span", { class: "answer" },
        h("button", { type: "button", class: "md-button small", text: "是", onclick: () => answerFact(q.fact, "true") }),
        h("button", { type: "button", class: "md-button small", text: "否", onclick: () => answerFact(q.fact, "false") }));
    }
    if (spec.type.startsWith("enum:")) {
      control = h("select", { id }, Object.entries(form.enums[spec.type.slice(5)]).map(([k, v]) => h("option", { value: k, text: v })));
    } else if (spec.type === "region" || spec.type === "industry") {
      return h("button", { type: "button", class: "md-button small", text: "去填写",
        onclick: () => document.getElementById(spec.type === "region" ? "f-region-city" : fieldId(q.fact)).focus() });
    } else {
      control = h("input", { id, type: spec.type === "date" ? "date" : "text", inputmode: "decimal" });
    }
    return h("span", { class: "answer" }, h("label", { for: id, class: "visually-hidden", text: spec.label }), control,
      h("button", { type: "button", class: "md-button small", text: "确定", onclick: () => answerFact(q.fact, control.value) }));
  }
  if (q.kind === "event") {
    return h("span", { class: "answer" },
      h("button", { type: "button", class: "md-button small", text: "有，去填写", onclick: () => addEvent(q.event.kind, q.event.type) }),
      h("button", { type: "button", class: "md-button small", text: "没有", onclick: () => {
        const key = q.event.type ? `${q.event.kind}.${q.event.type}` : q.event.kind;
        if (!state.profile.answered.includes(key)) state.profile.answered.push(key);
        changed();
      } }));
  }
  if (q.kind === "event_field") {
    return h("button", { type: "button", class: "md-button small", text: "去填写", onclick: () => {
      const i = state.profile.events.findIndex((e) => e.kind === q.event.kind && (!q.event.type || e.type === q.event.type) && !e[q.field]);
      const el = i >= 0 && document.getElementById(fieldId(`events.${i}.${q.field}`));
      if (el) el.focus();
    } });
  }
  return h("button", { type: "button", class: "md-button small", text: "去填写", onclick: () => {
    const el = document.getElementById(fieldId(q.fact === "size" ? "employees" : q.fact));
    if (el) el.focus();
  } });
}

function answerFact(name, value) {
  state.profile[name] = value;
  setFieldValue(name, value);
  changed();
}

function highlightRequested() {
  const rule = new URLSearchParams(location.search).get("rule");
  if (!rule || stats.highlighted === rule) return;
  const el = document.getElementById(`res-${rule}`);
  if (!el) return;
  stats.highlighted = rule;
  const details = el.closest("details");
  if (details) details.open = true;
  el.classList.add("requested");
  el.scrollIntoView({ block: "center" });
}

// --- import / export / clear / print --------------------------------------------------

function exportProfile() {
  const blob = new Blob([JSON.stringify(cleanProfile(), null, 2)], { type: "application/json" });
  const a = h("a", { href: URL.createObjectURL(blob), download: "企业画像.json" });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function importMessage(text, ok) {
  const box = document.getElementById("import-status");
  box.textContent = text;
  box.className = ok ? "ok" : "error";
}

async function importProfile(file) {
  if (!file) return;
  if (file.size > MAX_IMPORT_BYTES) {
    importMessage(`导入失败：文件过大（${(file.size / 1e6).toFixed(1)} MB，上限 2 MB）。当前填写的内容未改变。`, false);
    return;
  }
  let data;
  try {
    data = JSON.parse(await file.text());
  } catch (err) {
    importMessage(`导入失败：文件不是有效的 JSON（${err.message}）。当前填写的内容未改变。`, false);
    return;
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    importMessage("导入失败：企业画像应为 JSON 对象（{…}）。当前填写的内容未改变。", false);
    return;
  }
  if (!ready) {
    importMessage("计算引擎仍在加载，请稍候再导入。当前填写的内容未改变。", false);
    return;
  }
  const check = await apiEvaluate(data, state.asOf || null);
  if (check.type === "error") {
    importMessage("导入失败，文件中有以下问题（当前填写的内容未改变）：" + check.issues.map((i) => i.message).join("；"), false);
    return;
  }
  state.profile = { events: [], answered: [], ...data };
  state.profile.events = (data.events || []).map((e) => ({ ...e }));
  state.profile.answered = [...(data.answered || [])];
  renderForm();
  importMessage("已导入企业画像。", true);
  changed();
}

function clearData() {
  try { localStorage.removeItem(DRAFT_KEY); } catch (_) { /* ignore */ }
  // the start-up snapshot holds no enterprise data, but "clear" means nothing of this site's is kept
  if (typeof caches !== "undefined") caches.delete(DEVICE_CACHE).catch(() => {});
  state = { profile: { events: [], answered: [] }, asOf: today() };
  renderForm();
  document.getElementById("calc-results").replaceChildren(h("p", { class: "hint", text: "已清除本机保存的全部数据。" }));
  changed();
}

// --- embedding API: window.SXCalculator (same origin) and postMessage (any configured origin) ---

const MAX_MESSAGE_PROFILE = 2_000_000;

function apiEvaluate(profile, asOf) {
  return readyPromise.then(() => new Promise((resolve) => {
    let text;
    try {
      text = typeof profile === "string" ? profile : JSON.stringify(profile ?? {});
    } catch (_) {
      resolve({ type: "error", code: "invalid_profile", issues: [{ field: "profile", message: "企业画像无法转换为 JSON" }] });
      return;
    }
    if (text.length > MAX_MESSAGE_PROFILE) {
      resolve({ type: "error", code: "invalid_profile", issues: [{ field: "profile", message: "企业画像过大（超过 2 MB）" }] });
      return;
    }
    if (asOf !== undefined && asOf !== null && typeof asOf !== "string") {
      resolve({ type: "error", code: "invalid_profile", issues: [{ field: "asOf", message: "计算日期 asOf 应为 YYYY-MM-DD 格式的文字" }] });
      return;
    }
    const id = ++seq;
    pendingCalls.set(id, resolve);
    worker.postMessage({ type: "evaluate", id, profile: text, asOf: asOf || null });
  }));
}

window.SXCalculator = Object.freeze({
  schemaVersion: "1.0",
  ready: readyPromise,
  evaluate: apiEvaluate,
  get dataVersion() { return dataVersion; },
});

function announceReady() {
  if (window.parent === window) return;
  const msg = { type: "ready", schemaVersion: "1.0", dataVersion };
  for (const origin of ALLOWED_ORIGINS) {
    try { window.parent.postMessage(msg, origin); } catch (_) { /* a malformed origin is skipped */ }
  }
}

window.addEventListener("message", async (event) => {
  if (!ALLOWED_ORIGINS.has(event.origin) || event.source === window) return;   // unexpected origins: ignored
  const reply = (msg) => { if (event.source) event.source.postMessage(msg, event.origin); };
  const data = event.data;
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    reply({ type: "error", code: "bad_message", issues: [{ field: "", message: "消息应为对象，如 {type: \"evaluate\", profile: {…}, asOf: \"2022-12-31\"}" }] });
    return;
  }
  const id = typeof data.id === "string" || typeof data.id === "number" ? data.id : undefined;
  if (data.type === "ping") {
    await readyPromise;
    reply({ type: "ready", schemaVersion: "1.0", dataVersion, id });
    return;
  }
  if (data.type !== "evaluate") {
    reply({ type: "error", code: "bad_message", id, issues: [{ field: "type", message: `不支持的消息类型“${String(data.type).slice(0, 40)}”，可用：evaluate、ping` }] });
    return;
  }
  const result = await apiEvaluate(data.profile, data.asOf);
  reply({ ...result, id });
});

function registerOffline() {
  if (!("serviceWorker" in navigator) || stats.swRegistered) return;
  stats.swRegistered = true;
  navigator.serviceWorker.register(new URL("../../sw.js", import.meta.url), { scope: SITE_ROOT.href })
    .then((reg) => {
      reg.addEventListener("updatefound", () => {
        const note = document.getElementById("calc-update");
        if (note && navigator.serviceWorker.controller) note.hidden = false;
      });
    })
    .catch(() => { /* offline use is a bonus: the calculator works without it */ });
}

// Once the first result is on screen, a separate worker prepares, for the next visit, a start-up
// snapshot of a bare Python and, if the site does not ship it, the compiled bytecode of the calculator
// (snapshot.js). It never sees the form; it only reads this site's files.
function scheduleSnapshot() {
  if ((stats.snapshot === "used" && ["used", "built-in"].includes(stats.bytecode)) || typeof caches === "undefined") return;
  if (stats.stdlibStart === "stock-after-error") return;   // this device could not start the snapshot's way
  stats.snapshot = "making";
  setTimeout(() => {
    const maker = new Worker(new URL("snapshot.js", ASSETS), { type: "module" });
    maker.addEventListener("message", (event) => {
      stats.snapshot = event.data.type === "snapshot-saved" ? "saved" : "failed";
    });
    maker.addEventListener("error", () => { stats.snapshot = "failed"; });
    maker.postMessage({ stdlib: stats.stdlib || [] });
  }, 1500);
}

// --- boot -------------------------------------------------------------------------------

function setStatus(stage, label) {
  const order = { download: 1, start: 2, rules: 3, ready: 4 };
  const bar = document.getElementById("calc-progress");
  bar.value = order[stage] || 0;
  document.getElementById("calc-status-text").textContent = label;
}

async function main() {
  const app = document.getElementById("calc-app");
  if (!app) return;
  app.replaceChildren(
    h("div", { id: "calc-status", class: "calc-status", role: "status", "aria-live": "polite" },
      h("progress", { id: "calc-progress", max: "4", value: "0", "aria-label": "计算引擎加载进度" }),
      h("span", { id: "calc-status-text", text: "正在准备表单…" })),
    h("p", { id: "calc-update", class: "warning", role: "status", hidden: true,
      text: "本站政策数据已更新：关闭本站所有页面后重新打开，即可使用新版本（在此之前仍按当前版本一致地计算）。" }),
    h("div", { class: "calc-toolbar" },
      h("button", { type: "button", class: "md-button", id: "btn-export", text: "导出企业画像（JSON）", onclick: exportProfile }),
      h("label", { class: "md-button", for: "import-file", text: "导入企业画像" }),
      h("input", { type: "file", id: "import-file", accept: ".json,application/json", class: "visually-hidden",
        onchange: (e) => { importProfile(e.target.files[0]); e.target.value = ""; } }),
      h("button", { type: "button", class: "md-button", id: "btn-print", text: "打印结果", onclick: () => window.print() }),
      h("button", { type: "button", class: "md-button", id: "btn-clear", text: "清除我的数据", onclick: clearData }),
      h("p", { id: "import-status", role: "status", "aria-live": "polite" })),
    h("div", { class: "calc-layout" },
      h("form", { id: "calc-form", novalidate: true, "aria-label": "企业信息", onsubmit: (e) => { e.preventDefault(); compute(); } }),
      h("div", { id: "calc-results", "aria-live": "polite" }, h("p", { class: "hint", text: "填写左侧信息后，结果会自动显示在这里。" }))));
  // The page starts the worker right after the theme's start-up (overrides/calculator.html); else start it now.
  // It boots while the form is fetched and drawn.
  const formPromise = fetch(new URL("form.json", ASSETS)).then((r) => r.json());
  if (window.__calcWorker) {
    worker = await window.__calcWorker;
  } else {
    performance.mark("calc-worker-start");
    worker = new Worker(new URL("worker.js", ASSETS), { type: "module" });
  }
  const pending = [];
  worker.addEventListener("message", (event) => { if (!form) pending.push(event); });
  const t0 = performance.now();
  form = await formPromise;
  loadDraft();
  await renderFormProgressively();
  stats.formRenderMs = performance.now() - t0;
  setStatus("download", "正在下载运行环境（表单已可填写）");
  worker.addEventListener("message", onWorkerMessage);
  pending.splice(0).forEach(onWorkerMessage);
}

function onWorkerMessage(event) {
  {
    const msg = event.data;
    if (msg.type === "evaluated" && pendingCalls.has(msg.id)) {
      const resolve = pendingCalls.get(msg.id);
      pendingCalls.delete(msg.id);
      resolve(JSON.parse(msg.json));
      return;
    }
    if (msg.type === "progress") setStatus(msg.stage, msg.label);
    else if (msg.type === "stdlib") stats.stdlib = msg.names;
    else if (msg.type === "ready") {
      ready = true;
      dataVersion = msg.dataVersion;
      readyResolve();
      announceReady();
      stats.bootMs = msg.bootMs;
      stats.timings = msg.timings;
      stats.snapshot = msg.snapshot;
      stats.bytecode = msg.bytecode;
      stats.stdlibStart = msg.stdlibStart;
      const stale = msg.dataVersion !== form.data_version ? "（注意：页面与规则版本不一致，请刷新页面）" : "";
      setStatus("ready", `计算引擎已就绪 · 政策数据版本 ${msg.dataVersion}（收录文件截至 ${form.latest_document}，${form.built} 生成）${stale}`);
      document.getElementById("calc-app").dataset.ready = "true";
      compute();
    } else if (msg.type === "fatal") {
      setStatus("download", msg.message);
    } else if (msg.type === "evaluated" && msg.id === latest) {
      const res = JSON.parse(msg.json);
      const ms = performance.now() - (stats.pending ? stats.pending.t0 : performance.now());
      stats.computes.push({ total: ms, engine: msg.ms });
      const first = stats.firstResultMs === null && res.type === "result";
      if (first) {
        stats.firstResultMs = performance.now();
        performance.mark("calc-first-result");
      }
      renderResult(res, ms);
      if (first) {
        setTimeout(registerOffline, 0);
        scheduleSnapshot();
      }
      document.getElementById("calc-app").dataset.computed = String(msg.id);
    }
  }
}

main();
