// LeadGrade dashboard: shared filters (kept in the URL), API calls with the signed-in session, tables and charts.
const FILTERS = ["from", "to", "territory", "productLine", "source", "rep"];

export function filters() {
  const params = new URLSearchParams(location.search);
  const chosen = {};
  for (const name of FILTERS) {
    if (params.get(name)) chosen[name] = params.get(name);
  }
  return chosen;
}

export function query(extra = {}) {
  const params = new URLSearchParams({ ...filters(), ...extra });
  return params.toString();
}

const PAGES = [
  ["index.html", "Overview"],
  ["territories.html", "Territories"],
  ["reps.html", "Reps"],
  ["calibration.html", "Calibration"],
  ["feedback.html", "Rule feedback"],
  ["rules.html", "Rules"],
  ["leads.html", "Leads"],
];

/** The page links, the current one marked and each keeping the filters; filled into every page's <nav>. */
export function renderNav(nav) {
  const current = location.pathname.split("/").pop() || "index.html";
  const rest = query();
  const main = document.querySelector("main");
  if (main && !document.querySelector("a.skip")) {
    // Keyboard and screen-reader users can jump past the page links.
    main.id = main.id || "content";
    main.tabIndex = -1;
    const skip = document.createElement("a");
    skip.className = "skip";
    skip.href = `#${main.id}`;
    skip.textContent = "Skip to the content";
    document.body.prepend(skip);
  }
  nav.innerHTML = PAGES.map(([href, title]) =>
    `<a href="${rest ? `${href}?${rest}` : href}"${href === current ? ' aria-current="page"' : ""}>${title}</a>`).join("");
}

const FORM = `
  <label>From <input type="date" name="from"></label>
  <label>To <input type="date" name="to"></label>
  <label>Territory <input name="territory" placeholder="any"></label>
  <label>Product line <input name="productLine" placeholder="any"></label>
  <label>Source <input name="source" placeholder="any"></label>
  <button type="submit">Apply</button>`;

/** Builds the filter form, filled from the URL; submitting it reloads the page with the filters in the URL. */
export function bindFilters(form) {
  form.innerHTML = FORM;
  const chosen = filters();
  for (const name of FILTERS) {
    if (form.elements[name]) form.elements[name].value = chosen[name] || "";
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name] ? form.elements[name].value.trim() : chosen[name];
      if (value) params.set(name, value);
    }
    location.search = params.toString();
  });
  renderNav(document.querySelector("nav"));
}

export async function api(path) {
  const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (response.status === 401) {
    location.href = "/login";
    throw new Error("not signed in");
  }
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || body.title || response.statusText);
  return body;
}

let session;

/** The signed-in user: name, roles (with the ones ADMIN implies) and the CSRF token changes must carry. */
export function me() {
  session = session || api("/api/me");
  return session;
}

export async function hasRole(role) {
  return (await me()).roles.includes(role);
}

/**
 * A change (POST, PUT, DELETE) with the session's CSRF token; body is JSON, or FormData for uploads. Answers
 * { ok, status, body } so a caller can show a 422's problems instead of only its title.
 */
export async function send(method, path, body) {
  const { csrf } = await me();
  const headers = { Accept: "application/json" };
  if (csrf) headers[csrf.headerName] = csrf.token;
  let payload = body;
  if (body !== undefined && !(body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  const response = await fetch(path, { method, credentials: "same-origin", headers, body: payload });
  if (response.status === 401) {
    location.href = "/login";
    throw new Error("not signed in");
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { detail: text };
  }
  return { ok: response.ok, status: response.status, body: parsed };
}

/** A problem detail as one sentence, with the fields it names. */
export function problemText(problem) {
  if (!problem) return "no answer";
  const fields = (problem.errors || []).map((e) => `${e.field}: ${e.message}`).join("; ");
  return [problem.detail || problem.title, fields].filter(Boolean).join(" ");
}

export function status(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

// An undefined rate (no decided handoffs) comes as null (calibration) or, from older answers, as "NaN": a dash.
export const percent = (value) => (value == null || !Number.isFinite(Number(value)) ? "–" : `${(100 * value).toFixed(1)} %`);
export const fixed = (value, digits) => (value == null || !Number.isFinite(Number(value)) ? "–" : Number(value).toFixed(digits));
export const number = (value) => (value == null ? "–" : Number(value).toLocaleString("en-US"));
export const when = (value) => (value ? new Date(value).toISOString().slice(0, 16).replace("T", " ") : "–");

/** An element with text (never HTML), for cells and lists built from data. */
export function el(tag, text, attributes = {}) {
  const element = document.createElement(tag);
  if (text != null) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** The performance report's verdict of a group, marked by kind ("below…" is a follow-up problem, "…poor leads" a lead-quality one). */
export function verdictCell(row) {
  const verdict = row?.verdict || "–";
  const span = el("span", verdict);
  if (verdict.startsWith("below")) span.className = "verdict-below";
  else if (verdict.endsWith("poor leads")) span.className = "verdict-poor";
  return span;
}

/** The numbers behind a verdict, as the report words them. */
export function reasonCell(row) {
  return el("span", row?.reason || "–", { class: "reason" });
}

/** Builds a table body from rows: each column is [header, function(row) -> text]. */
export function fillTable(table, columns, rows) {
  table.tHead.innerHTML = "<tr>" + columns.map(([name]) => `<th scope="col">${name}</th>`).join("") + "</tr>";
  table.tBodies[0].innerHTML = "";
  for (const row of rows) {
    const tr = document.createElement("tr");
    columns.forEach(([, cell], i) => {
      const td = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) td.scope = "row";
      const value = cell(row);
      if (value instanceof Node) td.append(value);
      else td.textContent = value;
      tr.append(td);
    });
    table.tBodies[0].append(tr);
  }
}

export function chart(element, option) {
  const instance = echarts.init(element, null, { renderer: "canvas" });
  instance.setOption({ animation: false, ...option });
  window.addEventListener("resize", () => instance.resize());
  return instance;
}
