// Draw each chart of the page from its inline Vega spec (compiled from Vega-Lite at build time) with
// the local vega-embed bundle, when it comes near the viewport (the first screen at once, the rest as
// the reader scrolls): drawing every chart at load kept the first screen blank for 1.4-2.6 s on a
// slow CPU. Each chart's box already has its drawn height, so nothing jumps. window.ckbCharts.drawAll() draws the rest (print, PDF, tests);
// each drawn chart records when it was drawn (data-drawn-ms, ms since navigation start).
(function () {
  var views = {};      // chart id -> Vega view
  var pending = {};    // chart id -> promise of its view

  function draw(box) {
    var id = box.id;
    if (pending[id]) return pending[id];
    var script = document.querySelector('script.ckb-spec[data-for="' + id + '"]');
    var plot = box.querySelector(".ckb-vega") || box;
    if (!script) return Promise.resolve(null);
    var spec = JSON.parse(script.textContent);
    var view;
    pending[id] = window.vegaEmbed(plot, spec, { mode: "vega", renderer: "svg", actions: false })
      .then(function (result) {
        view = result.view;
        views[id] = view;
        box.dataset.rendered = "1";
        box.dataset.drawnMs = String(Math.round(performance.now()));
        return view;
      })
      .catch(function (err) {
        plot.textContent = "This chart could not be drawn: " + err;
        console.error(err);
        return null;
      });
    return pending[id];
  }

  function boxes() { return Array.prototype.slice.call(document.querySelectorAll(".ckb-chart")); }

  function drawAll() { return Promise.all(boxes().map(draw)); }

  function save(button) {
    var id = button.dataset.chart, format = button.dataset.format;
    var box = document.getElementById(id);
    if (!box) return;
    draw(box).then(function (view) {
      if (!view) return null;
      return view.toImageURL(format, format === "png" ? 2 : 1).then(function (url) {
        var a = document.createElement("a");
        a.href = url;
        a.download = id + "." + format;
        document.body.appendChild(a);
        a.click();
        a.remove();
      });
    });
  }

  function start() {
    document.addEventListener("click", function (e) {
      var button = e.target.closest && e.target.closest("button.ckb-save");
      if (button) save(button);
    });
    window.addEventListener("beforeprint", drawAll);
    if (!("IntersectionObserver" in window)) { drawAll(); return; }
    // The first screen's charts now, without waiting for the observer's first callback.
    var height = window.innerHeight;
    var rest = boxes().filter(function (box) {
      var r = box.getBoundingClientRect();
      if (r.top < height && r.bottom > 0) { draw(box); return false; }
      return true;
    });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "400px 0px" });
    rest.forEach(function (box) { observer.observe(box); });
  }

  window.ckbCharts = { drawAll: drawAll, views: views };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
