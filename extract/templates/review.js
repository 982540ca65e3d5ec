"use strict";
(function () {
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const table = document.getElementById("ptable");
  const tbody = table.tBodies[0];
  const rows = Array.from(tbody.rows);
  const search = document.getElementById("q");
  const filters = Array.from(document.querySelectorAll("select[data-filter]"));
  const shown = document.getElementById("shown");
  const focusinfo = document.getElementById("focusinfo");
  const NONE = "__none__";
  const texts = new Map(rows.map(function (r) {
    return [r, (r.textContent + " " + (r.dataset.search || "")).toLowerCase()];
  }));

  function matchesFilter(row, select) {
    const want = select.value;
    if (!want) return true;
    const key = select.dataset.filter;
    if (key === "field") {
      const has = " " + (row.dataset.has || "") + " ";
      const col = want.slice(want.indexOf(":") + 1);
      return want.startsWith("has:") === has.includes(" " + col + " ");
    }
    const value = row.dataset[key] || "";
    return want === NONE ? value === "" : value === want;
  }

  function applyFilters() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let n = 0;
    for (const row of rows) {
      const text = texts.get(row);
      const ok = words.every(function (w) { return text.includes(w); }) &&
        filters.every(function (s) { return matchesFilter(row, s); });
      row.hidden = !ok;
      if (ok) n += 1;
    }
    shown.textContent = n + " of " + rows.length + " rows shown";
  }

  function cellKey(row, index, numeric) {
    const cell = row.cells[index];
    const raw = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
    if (raw === "") return null;
    if (!numeric) return raw.toLowerCase();
    const n = Number(raw);
    return Number.isNaN(n) ? null : n;
  }

  function sortBy(th) {
    const index = th.cellIndex;
    const numeric = th.dataset.type === "num";
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    for (const other of table.tHead.rows[0].cells) other.setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const keyed = rows.map(function (r, i) { return [cellKey(r, index, numeric), i, r]; });
    keyed.sort(function (a, b) {
      if (a[0] === null || b[0] === null) {
        return a[0] === b[0] ? a[1] - b[1] : (a[0] === null ? 1 : -1);
      }
      let c = numeric ? a[0] - b[0] : a[0].localeCompare(b[0]);
      if (!ascending) c = -c;
      return c || a[1] - b[1];
    });
    const frag = document.createDocumentFragment();
    for (const k of keyed) frag.appendChild(k[2]);
    tbody.appendChild(frag);
  }

  function clearFocus() {
    for (const el of document.querySelectorAll(".focus")) el.classList.remove("focus");
    focusinfo.textContent = "";
  }

  function markRow(row) {
    row.classList.add("focus");
    const info = data.projects[row.id];
    focusinfo.textContent = "\u25B6 " + row.cells[1].textContent + (info ? " (" + info.project_id + ")" : "");
  }

  function resetFilters() {
    search.value = "";
    for (const s of filters) s.value = "";
    applyFilters();
  }

  function showEvidence(pid) {
    const info = data.projects[pid];
    clearFocus();
    const row = document.getElementById(pid);
    if (row) markRow(row);
    const marks = document.querySelectorAll('[data-p="' + pid + '"]');
    for (const m of marks) m.classList.add("focus");
    const target = marks.length ? marks[0] : (info && info.article ? document.getElementById(info.article) : null);
    if (target) target.scrollIntoView({ block: "center" });
    return target;
  }

  function showRow(pid) {
    const row = document.getElementById(pid);
    if (!row) return;
    if (row.hidden) resetFilters();
    clearFocus();
    markRow(row);
    for (const m of document.querySelectorAll('[data-p="' + pid + '"]')) m.classList.add("focus");
    row.scrollIntoView({ block: "center" });
  }

  search.addEventListener("input", applyFilters);
  for (const s of filters) s.addEventListener("change", applyFilters);
  document.getElementById("reset").addEventListener("click", resetFilters);
  for (const th of table.tHead.rows[0].cells) {
    th.querySelector("button").addEventListener("click", function () { sortBy(th); });
  }
  tbody.addEventListener("click", function (event) {
    const link = event.target.closest("a.ev");
    if (!link) return;
    event.preventDefault();
    showEvidence(link.closest("tr").id);
  });
  document.addEventListener("click", function (event) {
    const mark = event.target.closest("[data-p]:not(tr)");
    if (!mark || event.target.closest("a.ev")) return;
    event.preventDefault();
    showRow(mark.dataset.p);
  });
  applyFilters();
})();
