// careplan serve's page: plain JavaScript, no library, nothing fetched but this server's API.
"use strict";

const params = new URLSearchParams(location.search);
if (params.get("token")) sessionStorage.setItem("careplan-token", params.get("token"));
const token = sessionStorage.getItem("careplan-token");
const view = document.getElementById("view");
const PLANS = ["mentors", "buddies", "staffing", "roster", "activities"];
let events = null;      // the run page's live stream, closed when leaving it

// ---------- helpers ----------

function withToken(url) {
  return token ? url + (url.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token) : url;
}

async function api(method, url, body, raw) {
  const headers = {"X-Careplan": "1"};
  if (token) headers["Authorization"] = "Bearer " + token;
  let payload;
  if (raw !== undefined) { payload = raw; headers["Content-Type"] = "application/octet-stream"; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers["Content-Type"] = "application/json"; }
  const response = await fetch(url, {method, headers, body: payload});
  const type = response.headers.get("Content-Type") || "";
  const data = type.startsWith("application/json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = new Error(typeof data === "object" && data.error ? data.error : response.status + " " + response.statusText);
    error.detail = data;
    throw error;
  }
  return data;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, "");
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function show(...nodes) { view.replaceChildren(...nodes.flat()); }
function failure(e) { return el("p", {class: "error", role: "alert"}, e.message); }
function where(v) { return v.file ? `${v.file}${v.line ? `, line ${v.line}` : ""}${v.column ? `, column ${v.column}` : ""}` : ""; }

// ---------- routes ----------

async function route() {
  if (events) { events.close(); events = null; }
  const hash = location.hash || "#/";
  const [path, query] = hash.slice(1).split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts.length === 0) return await scenariosPage();
    // Ids from the address bar go into API paths: only the shapes the server gives out.
    if (parts[0] === "scenario" && /^[a-z0-9][a-z0-9-]{0,39}$/.test(parts[1] || "")) return await scenarioPage(parts[1]);
    if (parts[0] === "run" && /^r[0-9]{4,11}$/.test(parts[1] || "")) return await runPage(parts[1]);
    if (parts[0] === "runs") return await runsPage();
    if (parts[0] === "history") return await historyPage();
    if (parts[0] === "compare") {
      const asked = new URLSearchParams(query || ""), clean = new URLSearchParams();
      for (const key of ["runs", "history"]) {
        const ids = (asked.get(key) || "").split(",").filter(x => /^r?[0-9]{1,12}$/.test(x));
        if (ids.length) clean.set(key, ids.join(","));
      }
      return await comparePage(clean.toString());
    }
    show(el("p", {}, "No such page."));
  } catch (e) { show(failure(e)); }
}
window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);

// ---------- scenarios ----------

async function scenariosPage() {
  const [scenarios, presets, templates] = await Promise.all([api("GET", "/api/scenarios"), api("GET", "/api/presets"), api("GET", "/api/templates")]);
  const list = el("ul", {class: "plain", id: "scenario-list"}, scenarios.map(s =>
    el("li", {}, el("a", {href: "#/scenario/" + encodeURIComponent(s.spec.name)}, s.spec.name), " — ",
       s.spec.district ? `preset ${s.spec.district} (seed ${s.spec.seed || 1})` : `${s.tables.length} uploaded table(s)`, "; plans: ", s.spec.plans.join(", "))));
  const message = el("p", {id: "create-message"});
  const name = el("input", {id: "new-name", placeholder: "e.g. zhoujiadu-autumn", required: true, pattern: "[a-z0-9][a-z0-9-]{0,39}"});
  const source = el("select", {id: "new-source"},
                    templates.map((t, k) => el("option", {value: "template:" + k}, t.title)),
                    presets.map(p => el("option", {value: p.name}, "preset: " + p.name)),
                    el("option", {value: ""}, "upload my tables"));
  const seed = el("input", {id: "new-seed", type: "number", value: "1", min: "0", style: "width:80px"});
  const boxes = PLANS.map(p => el("label", {}, el("input", {type: "checkbox", value: p, checked: p === "mentors" || p === "buddies", class: "plan-box"}), " " + p));
  const create = el("button", {id: "create", onclick: async () => {
    const plans = boxes.map(b => b.querySelector("input")).filter(i => i.checked).map(i => i.value);
    let spec = {name: name.value.trim(), plans, policy: {}};
    if (source.value.startsWith("template:")) spec = Object.assign({}, templates[Number(source.value.slice(9))].spec, {name: spec.name});
    else if (source.value) { spec.district = source.value; spec.seed = parseInt(seed.value || "1", 10); }
    try {
      await api("POST", "/api/scenarios", spec);
      location.hash = "#/scenario/" + encodeURIComponent(spec.name);
    } catch (e) { message.replaceChildren(failure(e)); }
  }}, "Create");
  show(el("h2", {}, "Scenarios"), scenarios.length ? list : el("p", {}, "None yet: create one below."),
       el("div", {class: "card"}, el("h3", {}, "New scenario"),
          el("div", {class: "row"}, el("div", {}, el("label", {for: "new-name"}, "Name"), name),
             el("div", {}, el("label", {for: "new-source"}, "Tables"), source),
             el("div", {}, el("label", {for: "new-seed"}, "Seed"), seed)),
          el("p", {}, "Plans: ", boxes, el("span", {class: "hint"}, " (a ready-made scenario brings its own)")), create, message));
}

async function scenarioPage(name) {
  const [s, catalog, runs] = await Promise.all([
    api("GET", "/api/scenarios/" + encodeURIComponent(name)), api("GET", "/api/policy"), api("GET", "/api/runs")]);
  const spec = s.spec;
  const validationBox = el("div", {id: "validation", class: "card"}, "Checking the tables…");
  const tablesBox = el("div", {id: "tables"});
  const page = [el("h2", {}, "Scenario ", spec.name),
                el("p", {class: "hint"}, spec.district ? `Made up by careplan's generator: district ${spec.district}, seed ${spec.seed || 1}.` : "Your tables, uploaded below."),
                tablesBox, validationBox];

  // The upload field is made once: the list above it is redrawn after every upload and check, and a
  // field redrawn under the user's hand would lose the files being picked.
  const upload = el("input", {type: "file", id: "upload", multiple: true, accept: ".csv,.zip"});
  const message = el("p", {id: "upload-message"});
  const listBox = el("div", {id: "tables-list"});
  upload.addEventListener("change", async () => {
    for (const file of upload.files) {
      try {
        const result = await api("PUT", `/api/scenarios/${encodeURIComponent(name)}/tables/${encodeURIComponent(file.name)}`, undefined, file);
        message.replaceChildren(el("span", {class: "ok"}, "stored " + result.stored.join(", ")));
      } catch (e) { message.replaceChildren(failure(e)); }
    }
    upload.value = "";   // the same file picked again (after fixing it) is an upload again
    const fresh = await api("GET", "/api/scenarios/" + encodeURIComponent(name));
    drawTables(fresh.tables, null);
    validate();
  });
  if (!spec.district) {
    tablesBox.replaceChildren(el("div", {class: "card"}, el("h3", {}, "Tables"), listBox,
      el("label", {for: "upload"}, "Upload tables (CSV files, or one .zip of them)"), upload, message));
  }

  function drawTables(tables, validation) {
    if (spec.district) return;
    const rows = tables.map(t => {
      const bad = validation && !validation.valid && validation.file === t.name;
      return el("tr", {"data-table": t.name, class: bad ? "has-problem" : ""}, el("td", {}, t.name), el("td", {class: "num"}, t.bytes + " bytes"),
        el("td", {class: bad ? "problem" : ""}, bad ? `line ${validation.line}, column ${validation.column}: ${validation.message}` : ""),
        el("td", {}, el("button", {class: "secondary", onclick: async () => {
          await api("DELETE", `/api/scenarios/${encodeURIComponent(name)}/tables/${encodeURIComponent(t.name)}`);
          const fresh = await api("GET", "/api/scenarios/" + encodeURIComponent(name)); drawTables(fresh.tables, null); validate();
        }}, "remove")));
    });
    listBox.replaceChildren(tables.length ? el("table", {class: "tables-list"}, el("tbody", {}, rows)) : el("p", {}, "No tables yet."));
  }

  async function validate() {
    validationBox.replaceChildren("Checking the tables…");
    try {
      const v = await api("GET", `/api/scenarios/${encodeURIComponent(name)}/validation`);
      const fresh = await api("GET", "/api/scenarios/" + encodeURIComponent(name));
      drawTables(fresh.tables, v);
      if (v.valid) {
        validationBox.replaceChildren(el("p", {class: "ok", id: "valid"}, "Valid: every table reads and every rule checks."),
          el("ul", {}, v.figures.map(f => el("li", {}, f))), v.warnings.length ? el("ul", {class: "hint"}, v.warnings.map(w => el("li", {}, w))) : "");
      } else {
        validationBox.replaceChildren(el("p", {class: "error", id: "invalid", role: "alert"}, `${where(v)}: ${v.message}`));
      }
      runButton.disabled = !v.valid;
    } catch (e) { validationBox.replaceChildren(failure(e)); }
  }

  // The policy form: every key with its default and range; only what differs from the default is saved.
  const fields = {};
  const groups = {};
  for (const key of catalog) {
    const current = s.policy[key.path];
    let input;
    if (key.kind === "choice") {
      input = el("select", {name: key.path}, key.choices.map(c => el("option", {value: c, selected: c === current}, c)));
    } else if (key.kind === "int" || key.kind === "number") {
      input = el("input", {name: key.path, type: "number", value: current, min: key.min, max: key.max, step: key.kind === "int" ? "1" : "any"});
    } else {
      input = el("input", {name: key.path, type: "text", value: current});
    }
    const range = key.kind === "choice" ? key.choices.join(" / ") : key.kind === "int_list" ? `list of ${key.min} to ${key.max}` :
      key.kind === "auto_or_int" ? `auto, or ${key.min} to ${key.max}` : `${key.min} to ${key.max}`;
    const problem = el("div", {class: "problem"});
    const row = el("div", {class: "field" + (current !== key.default ? " changed" : ""), "data-key": key.path},
      el("label", {}, key.path.replace(/^policy\./, "")), input, el("span", {class: "hint"}, `${key.help}. Default ${key.default}; ${range}.`), problem);
    input.addEventListener("input", () => row.classList.toggle("changed", input.value !== key.default));
    fields[key.path] = {input, key, problem};
    (groups[key.plan] = groups[key.plan] || []).push(row);
  }
  const planNames = {mentor: "mentors", buddy: "buddies", staffing: "staffing", activities: "activities"};
  const boxes = PLANS.map(p => el("label", {}, el("input", {type: "checkbox", value: p, checked: spec.plans.includes(p), class: "plan-box"}), " " + p));
  const timeLimit = el("input", {id: "time-limit", type: "number", min: "1", value: spec.time_limit || "", placeholder: "60"});
  const workLimit = el("input", {id: "work-limit", type: "number", min: "1", value: spec.work_limit || "", placeholder: "none"});
  const rosterStart = el("input", {id: "roster-start", type: "date", value: spec.roster_start || ""});
  const rosterDays = el("input", {id: "roster-days", type: "number", min: "1", max: "3660", value: spec.roster_days || "", placeholder: "28"});
  const activitiesStart = el("input", {id: "activities-start", type: "date", value: spec.activities_start || ""});
  const activitiesMonths = el("input", {id: "activities-months", type: "number", min: "1", max: "36", value: spec.activities_months || "", placeholder: "12"});
  const formMessage = el("div", {id: "policy-message"});
  const save = el("button", {id: "save-policy", onclick: async () => {
    formMessage.replaceChildren();
    const policy = {};
    for (const [path, f] of Object.entries(fields)) {
      f.problem.replaceChildren();
      if (f.input.value !== f.key.default && f.input.value !== "") policy[path] = f.input.value;
    }
    const next = Object.assign({}, spec, {policy, plans: boxes.map(b => b.querySelector("input")).filter(i => i.checked).map(i => i.value)});
    next.time_limit = timeLimit.value ? parseFloat(timeLimit.value) : null;
    next.work_limit = workLimit.value ? parseInt(workLimit.value, 10) : null;
    next.roster_start = rosterStart.value || null;
    next.roster_days = rosterDays.value ? parseInt(rosterDays.value, 10) : null;
    next.activities_start = activitiesStart.value || null;
    next.activities_months = activitiesMonths.value ? parseInt(activitiesMonths.value, 10) : null;
    try {
      await api("PUT", "/api/scenarios/" + encodeURIComponent(name), next);
      Object.assign(spec, next);
      formMessage.replaceChildren(el("span", {class: "ok"}, "Saved."));
      validate();
    } catch (e) {
      const d = e.detail || {};
      const key = Object.keys(fields).filter(k => e.message.includes(k)).sort((a, b) => b.length - a.length)[0];
      const text = `${d.file ? where(d) + ": " : ""}${e.message}`;
      if (key) fields[key].problem.replaceChildren(text);
      formMessage.replaceChildren(el("span", {class: "error", role: "alert"}, text));
    }
  }}, "Save policy");
  const form = el("div", {class: "card", id: "policy"}, el("h3", {}, "Plans and policy"), el("p", {}, "Plans: ", boxes),
    el("div", {class: "row"}, el("div", {}, el("label", {for: "time-limit"}, "Time limit per plan (s)"), timeLimit),
       el("div", {}, el("label", {for: "work-limit"}, "Work limit (same plan every run)"), workLimit),
       el("div", {}, el("label", {for: "roster-start"}, "Roster from"), rosterStart),
       el("div", {}, el("label", {for: "roster-days"}, "Roster days"), rosterDays),
       el("div", {}, el("label", {for: "activities-start"}, "Activities from (1st of a month)"), activitiesStart),
       el("div", {}, el("label", {for: "activities-months"}, "Activities months"), activitiesMonths)),
    Object.entries(groups).map(([plan, rows]) => el("details", {open: spec.plans.includes(planNames[plan])},
      el("summary", {}, `policy.${plan}`), rows)), save, formMessage);

  const runMessage = el("p", {id: "run-message"});
  const runButton = el("button", {id: "run", disabled: true, onclick: async () => {
    try {
      const r = await api("POST", `/api/scenarios/${encodeURIComponent(name)}/runs`);
      location.hash = "#/run/" + r.id;
    } catch (e) { runMessage.replaceChildren(failure(e)); }
  }}, "Run");
  const mine = runs.filter(r => r.scenario === name).reverse();
  show(...page, form, el("div", {class: "card"}, runButton, runMessage,
    el("h3", {}, "Runs"), mine.length ? el("ul", {class: "plain"}, mine.map(runItem)) : el("p", {}, "None yet.")));
  drawTables(s.tables, null);
  validate();
}

function runItem(r) {
  return el("li", {}, el("a", {href: "#/run/" + r.id}, r.id), ` ${r.scenario}: ${r.state}${r.exit !== undefined && r.exit !== null ? ` (exit ${r.exit})` : ""}`);
}

// ---------- a run ----------

async function runPage(id) {
  const record = await api("GET", "/api/runs/" + id);
  const state = el("p", {id: "run-state"}, record.state);
  const progress = el("div", {class: "progress", id: "progress"}, "…");
  const log = el("pre", {class: "log", id: "log"});
  const cancel = el("button", {class: "secondary", id: "cancel", onclick: async () => {
    try { await api("POST", "/api/runs/" + id + "/cancel"); } catch (e) { state.append(" ", failure(e)); }
  }}, "Cancel");
  const plan = el("div", {id: "plan"});
  show(el("h2", {}, `Run ${id}: `, el("a", {href: "#/scenario/" + encodeURIComponent(record.scenario)}, record.scenario)), state, cancel, progress, log, plan);
  let shown = false;
  function ended(r) {
    cancel.remove();
    progress.remove();   // the last progress line is stale once the run has ended; the log keeps it
    state.textContent = `${r.state}${r.exit !== null && r.exit !== undefined ? ` (exit ${r.exit}${r.exit === 1 ? ": something is not fully met; see below" : ""})` : ""}`;
    if (r.state === "finished" && !shown) { shown = true; planView(id, plan); }
  }
  events = new EventSource(withToken(`/api/runs/${id}/events`));
  events.addEventListener("line", m => {
    const line = JSON.parse(m.data);
    log.append(line + "\n");
    log.scrollTop = log.scrollHeight;
    if (line.startsWith("careplan: ")) progress.textContent = line.slice(10);
  });
  events.addEventListener("state", m => {
    const r = JSON.parse(m.data);
    state.textContent = r.state;
    if (["finished", "failed", "cancelled"].includes(r.state)) { ended(r); events.close(); }
  });
  events.addEventListener("error", () => { if (events) events.close(); });
}

async function planView(id, box) {
  const [sections, files] = await Promise.all([api("GET", `/api/runs/${id}/sections`), api("GET", `/api/runs/${id}/files`)]);
  const charts = el("div", {id: "sections"});
  charts.innerHTML = sections;   // careplan's own report markup, every value escaped by the server
  const tables = files.filter(f => f.endsWith(".csv"));
  const picker = el("select", {id: "table-picker"}, tables.map(f => el("option", {value: f}, f)));
  const filter = el("input", {id: "table-filter", placeholder: "filter rows"});
  const holder = el("div", {class: "scroll", id: "table-view"});
  let current = null, sortColumn = -1, sortDown = false;
  async function load() {
    const [plan, file] = picker.value.split("/");
    current = await api("GET", `/api/runs/${id}/tables/${plan}/${file}`);
    sortColumn = -1;
    draw();
  }
  function draw() {
    if (!current) return;
    const needle = filter.value.toLowerCase();
    let rows = current.rows.filter(r => !needle || r.some(v => v.toLowerCase().includes(needle)));
    if (sortColumn >= 0) {
      const numeric = rows.every(r => r[sortColumn] === "" || !isNaN(Number(r[sortColumn])));
      rows = rows.slice().sort((a, b) => {
        const x = a[sortColumn], y = b[sortColumn];
        const c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return sortDown ? -c : c;
      });
    }
    const head = el("tr", {}, current.columns.map((c, k) => el("th", {class: k === sortColumn ? (sortDown ? "sorted-desc" : "sorted-asc") : "",
      onclick: () => { sortDown = k === sortColumn ? !sortDown : false; sortColumn = k; draw(); }}, c)));
    holder.replaceChildren(el("p", {class: "hint"}, `${rows.length} of ${current.rows.length} rows`),
      el("table", {class: "data"}, el("thead", {}, head), el("tbody", {}, rows.slice(0, 2000).map(r => el("tr", {}, r.map(v => el("td", {}, v)))))));
  }
  picker.addEventListener("change", load);
  filter.addEventListener("input", draw);

  const kind = el("select", {id: "why-kind"}, ["student", "person", "site", "date"].map(k => el("option", {value: k}, k)));
  const subject = el("input", {id: "why-id", placeholder: "identifier, or YYYY-MM-DD for a date"});
  const answer = el("div", {id: "why-answer", class: "explain"});
  const ask = el("button", {id: "why", onclick: async () => {
    try {
      const result = await api("GET", `/api/runs/${id}/explain?${kind.value}=${encodeURIComponent(subject.value.trim())}`);
      answer.replaceChildren(...result.map(a => el("pre", {}, [a.title, ...a.details.map(d => "  " + d)].join("\n"))));
    } catch (e) { answer.replaceChildren(failure(e)); }
  }}, "Why?");

  const downloads = el("ul", {class: "plain", id: "downloads"},
    el("li", {}, el("a", {href: withToken(`/api/runs/${id}/download.zip`), id: "download-zip"}, "the whole folder (.zip)")),
    el("li", {}, el("a", {href: withToken(`/api/runs/${id}/report.html`), id: "download-report"}, "the report (HTML, opens offline)")),
    files.map(f => el("li", {}, el("a", {href: withToken(`/api/runs/${id}/files/${f.split("/").map(encodeURIComponent).join("/")}`), "data-file": f}, f))));

  box.replaceChildren(
    el("div", {class: "card"}, el("h3", {}, "Why?"), el("div", {class: "row"}, kind, subject, ask), answer),
    charts,
    el("div", {class: "card"}, el("h3", {}, "Tables"), el("div", {class: "row"}, picker, filter), holder),
    el("div", {class: "card"}, el("h3", {}, "Downloads"), el("details", {}, el("summary", {}, `${files.length} files`), downloads)));
  if (tables.length) load();
}

// ---------- runs, history, comparison ----------

async function runsPage() {
  const runs = (await api("GET", "/api/runs")).slice().reverse();
  const boxes = runs.filter(r => r.state === "finished").map(r => el("label", {}, el("input", {type: "checkbox", value: r.id, class: "compare-box"}), " " + r.id));
  const go = el("button", {id: "compare", onclick: () => {
    const ids = boxes.map(b => b.querySelector("input")).filter(i => i.checked).map(i => i.value);
    location.hash = "#/compare?runs=" + ids.join(",");
  }}, "Compare the runs ticked");
  show(el("h2", {}, "Runs"), runs.length ? el("ul", {class: "plain"}, runs.map(runItem)) : el("p", {}, "None yet."),
       boxes.length > 1 ? el("div", {class: "card"}, el("p", {}, boxes), go) : "");
}

async function historyPage() {
  const rows = await api("GET", "/api/history");
  const boxes = [];
  const table = el("table", {class: "data", id: "history"},
    el("thead", {}, el("tr", {}, ["", "id", "finished", "scenario", "variant", "plans", "state", "seconds"].map(c => el("th", {}, c)))),
    el("tbody", {}, rows.map(r => {
      const box = el("input", {type: "checkbox", value: r.id, class: "history-box"});
      boxes.push(box);
      return el("tr", {}, el("td", {}, box), [r.id, r.finished_at, r.scenario || "", r.variant || "", r.plans.join(", "), r.state, r.seconds.toFixed(2)].map(v => el("td", {}, v)));
    })));
  const go = el("button", {id: "compare-history", onclick: () => {
    location.hash = "#/compare?history=" + boxes.filter(b => b.checked).map(b => b.value).join(",");
  }}, "Compare the runs ticked");
  show(el("h2", {}, "History"), el("p", {class: "hint"}, "Every run recorded in the workspace's careplan.sqlite: ids, counts and shares only."),
    rows.length ? [table, go] : el("p", {}, "Nothing recorded yet."));
}

async function comparePage(query) {
  const html = await api("GET", `/api/compare.html?${query}`);
  const box = el("div", {id: "comparison"});
  box.innerHTML = html;   // careplan's own report markup, every value escaped by the server
  show(el("h2", {}, "Runs compared"), box);
}

api("GET", "/api/info").then(info => {
  if (info.sensitive) document.getElementById("sensitive-note").textContent = "sensitive: qualification rules are named";
}).catch(() => {});
