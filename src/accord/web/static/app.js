// Draws every Plotly chart in content htmx loads (the page itself and each swapped fragment).
// A chart's figure is JSON in a <script type="application/json"> inside its .chart element.
function accordDrawCharts(root) {
  root.querySelectorAll(".chart").forEach(function (el) {
    if (el.dataset.drawn) return;
    var data = el.querySelector('script[type="application/json"]');
    if (!data) return;
    var fig = JSON.parse(data.textContent);
    var target = document.createElement("div");
    el.appendChild(target);
    el.dataset.drawn = "1";
    Plotly.newPlot(target, fig.data, fig.layout, {displaylogo: false, responsive: true});
  });
}
htmx.onLoad(accordDrawCharts);
