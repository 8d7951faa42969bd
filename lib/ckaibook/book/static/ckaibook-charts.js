// Render every chart of the page from its inline Vega-Lite spec, with the local vega bundle.
(function () {
  function render() {
    document.querySelectorAll("script.ckb-spec").forEach(function (script) {
      var target = document.getElementById(script.dataset.for);
      if (!target || target.dataset.rendered) return;
      target.dataset.rendered = "1";
      var spec = JSON.parse(script.textContent);
      window.vegaEmbed(target, spec, {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
      }).catch(function (err) {
        target.textContent = "This chart could not be drawn: " + err;
        console.error(err);
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render);
  else render();
})();
