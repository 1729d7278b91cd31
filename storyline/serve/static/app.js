// storyline's page: plain JavaScript over the JSON API, no build step, no third-party code.
// Article text and titles are untrusted: everything from the API goes into the DOM as text
// (textContent), never as HTML; links are built only from our own routes or http(s) URLs.
"use strict";

const PAGE = 25;
const params = new URLSearchParams(location.search);
if (params.get("token")) sessionStorage.setItem("storyline-token", params.get("token"));

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "href") node.setAttribute("href", safeHref(value));
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function safeHref(value) {
  const href = String(value);
  if (href.startsWith("#/")) return href;
  if (/^https?:\/\//i.test(href)) return href;
  return "#/";
}

function route(...parts) {
  return "#/" + parts.map((p) => encodeURIComponent(String(p))).join("/");
}

function sentenceLink(item, label) {
  if (!item || !item.article) return null;
  const start = item.start ?? "";
  const end = item.end ?? "";
  return el("a", { href: `${route("article", item.article)}?start=${start}&end=${end}`, class: "sentence" },
    label || "sentence");
}

async function getJSON(path) {
  const headers = {};
  const token = sessionStorage.getItem("storyline-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers });
  const body = await response.json().catch(() => ({ ok: false, error: response.statusText }));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function statusBadge(status, disputed) {
  return el("span", { class: `status ${status || ""}${disputed ? " disputed" : ""}`, title: disputed ? "disputed" : null },
    status || "?", disputed ? " (disputed)" : "");
}

function show(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes);
}

function pager(page, go) {
  const last = Math.max(0, page.total - 1);
  return el("div", { class: "pager" },
    el("button", { onclick: () => go(Math.max(0, page.offset - page.limit)), disabled: page.offset === 0 }, "← previous"),
    el("span", { class: "muted" }, `${page.total ? page.offset + 1 : 0}–${Math.min(page.total, page.offset + page.items.length)} of ${page.total}`),
    el("button", { onclick: () => go(page.offset + page.limit), disabled: page.offset + page.limit > last }, "next →"));
}

function searchBox(value, placeholder, onsearch) {
  const input = el("input", { type: "search", value: value || "", placeholder, "aria-label": placeholder, id: "search" });
  const form = el("form", { class: "toolbar", onsubmit: (e) => { e.preventDefault(); onsearch(input.value); } },
    input, el("button", { type: "submit" }, "Search"));
  return form;
}

// -- views -------------------------------------------------------------------------------

async function storiesView(query) {
  const q = query.get("q") || "";
  const offset = Number(query.get("offset") || 0);
  const page = await getJSON(`/api/stories?limit=${PAGE}&offset=${offset}&q=${encodeURIComponent(q)}`);
  const go = (o, text = q) => { location.hash = `#/stories?q=${encodeURIComponent(text)}&offset=${o}`; };
  const rows = page.items.map((s) => el("tr", {},
    el("td", {}, el("a", { href: route("story", s.id), class: "story-link" }, s.title || s.id)),
    el("td", {}, s.articles), el("td", {}, s.sources ?? s.independent_sources ?? ""),
    el("td", {}, s.first_date || ""), el("td", {}, s.last_date || ""), el("td", {}, s.latest_change || "")));
  show(el("h1", {}, "Stories"), searchBox(q, "Search stories by title or actor", (text) => go(0, text)),
    el("table", { id: "stories" }, el("thead", {}, el("tr", {},
      ["Story", "Articles", "Sources", "First", "Last", "Latest change"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows)),
    pager(page, (o) => go(o)));
}

function dateStrip(entries) {
  const days = entries.map((e) => Date.parse((e.date || "").slice(0, 10))).filter((d) => !Number.isNaN(d));
  if (days.length < 2) return null;
  const lo = Math.min(...days), hi = Math.max(...days), span = Math.max(1, hi - lo);
  const strip = el("div", { class: "strip", "aria-label": "events by date" });
  for (const entry of entries) {
    const day = Date.parse((entry.date || "").slice(0, 10));
    if (Number.isNaN(day)) continue;
    const dot = el("a", { class: `dot status ${entry.status}`, href: `#entry-${entry.event}`, title: `${entry.date} ${entry.name || ""}: ${entry.status}` });
    dot.style.left = `${2 + 96 * (day - lo) / span}%`;
    strip.append(dot);
  }
  for (const [i, day] of [[0, lo], [1, hi]]) {
    const tick = el("span", { class: "tick" }, new Date(day).toISOString().slice(0, 10));
    tick.style.left = i ? "98%" : "2%";
    strip.append(tick);
  }
  return strip;
}

function historyList(history) {
  return el("ul", { class: "history" }, (history || []).map((h) => el("li", {},
    statusBadge(h.status, h.disputed), " ", h.reported || "undated", " · ", h.said_by || "?", " · ",
    sentenceLink(h, h.text ? `“${h.text.slice(0, 140)}${h.text.length > 140 ? "…" : ""}”` : "sentence"))));
}

async function storyView(id) {
  const story = await getJSON(`/api/stories/${encodeURIComponent(id)}`);
  const names = Object.fromEntries((story.events || []).map((e) => [e.id, e]));
  const entries = (story.timeline || []).map((t) => ({ ...t, name: t.name || (names[t.event] || {}).name || t.event }));
  const main = entries.filter((t) => !t.background);
  const background = entries.filter((t) => t.background);
  const timeline = el("div", { class: "timeline", id: "timeline" }, main.map((t) => {
    const mark = el("span", { class: `mark status ${t.status}` });
    return el("div", { class: "entry card", id: `entry-${t.event}` },
      el("span", { class: "when" }, t.date || "undated"), mark,
      el("div", {}, el("a", { href: route("event", t.event), class: "event-link" }, t.name), " ", statusBadge(t.status, t.disputed)),
      el("div", { class: "muted" },
        `${t.independent_sources ?? "?"} independent source(s) · first reported `,
        t.first_reported ? `${t.first_reported.date || "?"} by ${t.first_reported.outlet || t.first_reported.article}` : "?"),
      (t.history || []).length > 1 ? historyList(t.history) : null);
  }));
  const conflicts = (story.conflicts || []).map(conflictCard);
  show(el("h1", {}, story.title || story.id),
    el("p", { class: "muted" }, `${(story.articles || []).length} articles · ${main.length} events (${background.length} more in passing)`),
    dateStrip(main), timeline,
    background.length ? el("details", { class: "background" }, el("summary", {}, `${background.length} events named once, in passing`),
      el("ul", {}, background.map((t) => el("li", {}, t.date || "undated", " · ", el("a", { href: route("event", t.event) }, t.name), " ", statusBadge(t.status))))) : null,
    el("h2", {}, "Conflicts and updates"), conflicts.length ? conflicts : el("p", { class: "muted" }, "None found."),
    el("h2", {}, "Articles"), el("ul", {}, (story.articles || []).map((a) =>
      el("li", {}, el("a", { href: route("article", a.id || a) }, a.title || a.id || a), " ", el("span", { class: "muted" }, a.outlet || "")))));
}

function conflictCard(c) {
  const side = (s) => el("div", { class: "side" },
    el("div", {}, el("strong", {}, s.said_by || s.outlet || "?"), " ", el("span", { class: "muted" }, `${s.outlet || ""} ${s.reported || ""}`)),
    el("div", {}, `${c.field || "value"}: `, el("strong", {}, Array.isArray(s.value) ? s.value.join(", ") : String(s.value ?? "?"))),
    el("blockquote", {}, s.text || ""), sentenceLink(s, "open sentence"));
  return el("div", { class: `card ${c.kind || "conflict"}` },
    el("div", {}, el("strong", {}, c.kind === "update" ? "Update" : "Conflict"), " · ", c.name || c.event || ""),
    el("div", { class: "conflict" }, (c.reports || []).slice(0, 2).map(side)));
}

async function eventView(id) {
  const event = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  const history = el("table", { id: "history" }, el("thead", {}, el("tr", {},
    ["Status", "Reported", "Said by", "Sentence"].map((h) => el("th", {}, h)))),
    el("tbody", {}, (event.history || []).map((h) => el("tr", {},
      el("td", {}, statusBadge(h.status, h.disputed)), el("td", {}, h.reported || ""), el("td", {}, h.said_by || ""),
      el("td", {}, sentenceLink(h, h.text || "sentence"))))));
  show(el("h1", {}, event.name || event.id, " ", statusBadge(event.status, event.disputed)),
    el("p", { class: "muted" }, `${event.type || ""} · ${(event.date || {}).value || "undated"} · ${(event.place || {}).text || event.place || ""}`),
    el("p", {}, "Participants: ", (event.participant_names || event.participants || []).join(", ") || "—"),
    el("h2", {}, "Status history"), history);
}

async function articlesView(query) {
  const q = query.get("q") || "";
  const offset = Number(query.get("offset") || 0);
  const page = await getJSON(`/api/articles?limit=${PAGE}&offset=${offset}&q=${encodeURIComponent(q)}`);
  const go = (o, text = q) => { location.hash = `#/articles?q=${encodeURIComponent(text)}&offset=${o}`; };
  show(el("h1", {}, "Articles"), searchBox(q, "Search by title, outlet or id", (text) => go(0, text)),
    el("table", { id: "articles" }, el("thead", {}, el("tr", {}, ["Title", "Outlet", "Published", "Copy of"].map((h) => el("th", {}, h)))),
      el("tbody", {}, page.items.map((a) => el("tr", {},
        el("td", {}, el("a", { href: route("article", a.id) }, a.title || a.id)), el("td", {}, a.outlet || ""),
        el("td", {}, a.published || (a.published_estimate ? `≈ ${a.published_estimate.earliest}…${a.published_estimate.latest}` : "")),
        el("td", {}, a.duplicate_of ? el("a", { href: route("article", a.duplicate_of) }, "original") : ""))))),
    pager(page, (o) => go(o)));
}

async function articleView(id, query) {
  const a = await getJSON(`/api/articles/${encodeURIComponent(id)}`);
  const start = Number(query.get("start")), end = Number(query.get("end"));
  const text = a.text || "";
  const body = el("div", { class: "articletext", id: "article-text" });
  if (Number.isInteger(start) && Number.isInteger(end) && query.has("start") && end > start && end <= text.length) {
    body.append(text.slice(0, start), el("mark", { id: "highlight" }, text.slice(start, end)), text.slice(end));
  } else {
    body.append(text);
  }
  const removed = (a.removed || []).map((r) => el("li", {}, el("strong", {}, r.kind), ": ", r.text));
  show(el("h1", {}, a.title || a.id),
    el("p", { class: "muted" }, [a.outlet, a.published || (a.published_estimate ? `estimated ${a.published_estimate.earliest} – ${a.published_estimate.latest}` : null), a.id].filter(Boolean).join(" · "),
      a.url ? el("span", {}, " · ", el("a", { href: a.url, rel: "noopener noreferrer" }, "source page")) : null),
    a.duplicate_of ? el("p", {}, "Copy of ", el("a", { href: route("article", a.duplicate_of) }, a.duplicate_of)) : null,
    body,
    el("h2", {}, "Removed boilerplate"),
    removed.length ? el("ul", { class: "removed", id: "removed" }, removed) : el("p", { class: "muted" }, "Nothing removed."));
  const mark = document.getElementById("highlight");
  if (mark) mark.scrollIntoView({ block: "center" });
}

async function quotesView(query) {
  const offset = Number(query.get("offset") || 0);
  const page = await getJSON(`/api/speakers?limit=${PAGE}&offset=${offset}`);
  const go = (o) => { location.hash = `#/quotes?offset=${o}`; };
  show(el("h1", {}, "Quotes by speaker"),
    el("div", { id: "speakers" }, page.items.map((s) => el("div", { class: "card speaker" },
      el("div", {}, el("strong", {}, s.speaker), " ", el("span", { class: "muted" }, `${s.quotes} quote(s)`)),
      s.sample.map((q) => el("blockquote", {}, q.text, " ", el("span", { class: "muted" }, `(${q.kind}) `), sentenceLink(q, "in context")))))),
    pager(page, go));
}

async function sourcesView(query) {
  const offset = Number(query.get("offset") || 0);
  const page = await getJSON(`/api/sources?limit=${PAGE * 2}&offset=${offset}`);
  const go = (o) => { location.hash = `#/sources?offset=${o}`; };
  show(el("h1", {}, "Who cites whom"),
    el("table", { class: "graph", id: "sources" }, el("thead", {}, el("tr", {}, ["Reporting", "", "Source", "How", "Links", ""].map((h) => el("th", {}, h)))),
      el("tbody", {}, page.items.map((c) => el("tr", {},
        el("td", {}, c.citing), el("td", { class: "arrow" }, "→"), el("td", {}, c.cited), el("td", {}, c.relation),
        el("td", {}, c.count), el("td", {}, sentenceLink(c.example, "example")))))),
    pager(page, go));
}

async function entitiesView(query) {
  const offset = Number(query.get("offset") || 0);
  const page = await getJSON(`/api/entities?limit=${PAGE}&offset=${offset}`);
  const go = (o) => { location.hash = `#/entities?offset=${o}`; };
  show(el("h1", {}, "Entities"),
    el("table", { id: "entities" }, el("thead", {}, el("tr", {}, ["Name", "Type", "Mentions", "Articles", "Also written"].map((h) => el("th", {}, h)))),
      el("tbody", {}, page.items.map((e) => el("tr", {},
        el("td", {}, e.name), el("td", {}, e.type), el("td", {}, e.mentions), el("td", {}, e.articles),
        el("td", { class: "muted" }, (e.aliases || []).join(", ")))))),
    pager(page, go));
}

// -- routing -----------------------------------------------------------------------------

const ROUTES = {
  stories: (rest, q) => storiesView(q),
  story: (rest) => storyView(rest[0]),
  event: (rest) => eventView(rest[0]),
  articles: (rest, q) => articlesView(q),
  article: (rest, q) => articleView(rest[0], q),
  quotes: (rest, q) => quotesView(q),
  sources: (rest, q) => sourcesView(q),
  entities: (rest, q) => entitiesView(q),
};

async function render() {
  const hash = location.hash.replace(/^#\/?/, "") || "stories";
  const [path, search] = hash.split("?");
  const [name, ...rest] = path.split("/").map(decodeURIComponent);
  const view = ROUTES[name] || ROUTES.stories;
  for (const link of document.querySelectorAll("[data-nav]")) {
    link.classList.toggle("active", link.dataset.nav === name || (name === "story" && link.dataset.nav === "stories"));
  }
  try {
    await view(rest, new URLSearchParams(search || ""));
  } catch (error) {
    show(el("p", { class: "error", role: "alert" }, `Could not load this view: ${error.message}`));
  }
}

async function counts() {
  try {
    const s = await getJSON("/api/summary");
    document.getElementById("counts").textContent =
      `${s.independent_articles} independent of ${s.articles} articles · ${s.quotes} quotes`;
  } catch (error) {
    document.getElementById("counts").textContent = "";
  }
}

window.addEventListener("hashchange", render);
window.addEventListener("DOMContentLoaded", () => { counts(); render(); });
