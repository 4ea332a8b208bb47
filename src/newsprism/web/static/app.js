// newsprism: small progressive enhancements. Every page works without this file.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Filters: changing a select submits its form.
  for (const select of document.querySelectorAll("select.autosubmit")) {
    select.addEventListener("change", () => select.form && select.form.requestSubmit());
  }

  // Story page: open or close every evidence list at once.
  const toggle = document.querySelector("button.toggle-evidence");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const all = document.querySelectorAll("details.evidence");
      const open = toggle.getAttribute("aria-pressed") !== "true";
      for (const d of all) d.open = open;
      toggle.setAttribute("aria-pressed", String(open));
      toggle.textContent = open ? "Close all evidence" : "Open all evidence";
    });
  }

  // Story page: show only one outlet's quotes (in every quote table).
  for (const select of document.querySelectorAll("select[data-filter-tables]")) {
    const tables = document.querySelectorAll(select.dataset.filterTables);
    select.addEventListener("change", () => {
      for (const table of tables) {
        for (const row of table.tBodies[0].rows) {
          row.hidden = select.value !== "" && row.dataset.outlet !== select.value;
        }
      }
    });
  }

  // Ingest form: say that analysis is running, and stop double submits.
  const form = document.querySelector("form.ingest");
  if (form) {
    form.addEventListener("submit", () => {
      const busy = form.querySelector(".busy");
      if (busy) busy.hidden = false;
      const button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        button.textContent = "Analysing…";
      }
    });
  }

  // Article page: bring the linked evidence sentence into view and focus.
  if (location.hash.startsWith("#s-")) {
    const target = document.getElementById(location.hash.slice(1));
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "center" });
    }
  }
});
