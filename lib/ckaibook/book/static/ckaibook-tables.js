// Sortable and filterable tables (class ckb-sortable), with no library and no network.
(function () {
  function text(row, i) { return row.children[i].textContent.trim(); }
  function setup(table) {
    var body = table.tBodies[0];
    table.querySelectorAll("th").forEach(function (th, i) {
      th.tabIndex = 0; th.style.cursor = "pointer"; th.title = "Sort by this column";
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        Array.from(body.rows).sort(function (a, b) {
          return (asc ? 1 : -1) * text(a, i).localeCompare(text(b, i), undefined, { numeric: true });
        }).forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
    var filter = table.previousElementSibling;
    if (filter && filter.classList.contains("ckb-filter")) {
      filter.addEventListener("input", function () {
        var q = filter.value.toLowerCase();
        Array.from(body.rows).forEach(function (r) {
          r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
        });
      });
    }
  }
  function init() { document.querySelectorAll("table.ckb-sortable").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
