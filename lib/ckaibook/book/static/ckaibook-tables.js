// Tables that read: every table of an output scrolls inside its own box (never the page, even at
// phone width), with its header row kept in view; in wide tables (six columns or more, like the
// claims ledger) the long-text columns keep a readable width and the box scrolls instead. Tables of class
// ckb-sortable sort by a column (click or Enter) and filter by the search box before them.
// No library and no network.
(function () {
  var WIDE_COLUMNS = 6;

  function text(row, i) { return row.children[i].textContent.trim(); }

  function wrap(table) {
    if (table.parentElement.classList.contains("ckb-table-wrap")) return;
    var box = document.createElement("div");
    box.className = "ckb-table-wrap";
    // A scrolling box must be reachable and named for keyboard users (WCAG 2.1.1).
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    var caption = table.caption ? table.caption.textContent.trim() : "";
    box.setAttribute("aria-label", caption ? "Table: " + caption : "Table");
    var head = table.tHead && table.tHead.rows[0];
    var columns = head ? head.cells.length : 0;
    if (columns >= WIDE_COLUMNS) {
      box.classList.add("ckb-wide");
      var body = table.tBodies[0];
      if (body && head) {
        Array.prototype.forEach.call(head.cells, function (th, i) {
          var total = 0, n = 0;
          Array.prototype.forEach.call(body.rows, function (r) {
            if (r.children[i]) { total += r.children[i].textContent.length; n += 1; }
          });
          if (n && total / n > 60) th.classList.add("ckb-long");
        });
      }
    }
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  }

  function sortable(table) {
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
    var box = table.parentElement.classList.contains("ckb-table-wrap") ? table.parentElement : table;
    var filter = box.previousElementSibling;
    if (filter && filter.classList.contains("ckb-filter")) {
      filter.addEventListener("input", function () {
        var q = filter.value.toLowerCase();
        Array.from(body.rows).forEach(function (r) {
          r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
        });
      });
    }
  }

  function init() {
    document.querySelectorAll(".bd-article .cell_output table, .bd-article table.ckb-table").forEach(wrap);
    document.querySelectorAll("table.ckb-sortable").forEach(sortable);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
