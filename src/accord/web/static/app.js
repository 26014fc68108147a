// accord's only script (the Content-Security-Policy allows no inline script or handler).

// Draws every Plotly chart in content htmx loads (the page itself and each swapped fragment).
// A chart's figure is JSON in its .chart element's data-figure attribute (htmx removes every
// <script> from a swapped fragment, so a figure cannot ride in one).
// The loaded element can be the chart itself (htmx loads each top-level element of a swap).
function accordDrawCharts(root) {
  var charts = Array.from(root.querySelectorAll(".chart"));
  if (root.matches && root.matches(".chart")) charts.push(root);
  charts.forEach(function (el) {
    if (el.dataset.drawn) return;
    if (!el.dataset.figure) return;
    var fig = JSON.parse(el.dataset.figure);
    var target = document.createElement("div");
    el.appendChild(target);
    el.dataset.drawn = "1";
    Plotly.newPlot(target, fig.data, fig.layout, {displaylogo: false, responsive: true});
  });
}
htmx.onLoad(accordDrawCharts);

// Every htmx request carries the page's CSRF token (the server refuses a change without it).
document.addEventListener("htmx:configRequest", function (evt) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) evt.detail.headers["X-CSRF-Token"] = meta.content;
});

// A refused htmx request says why where its answer would have gone (htmx swaps no errors):
// the text of the answer's .error element, else its status.
document.addEventListener("htmx:responseError", function (evt) {
  var target = evt.detail.target;
  if (!target) return;
  var doc = new DOMParser().parseFromString(evt.detail.xhr.responseText, "text/html");
  var said = doc.querySelector(".error");
  var p = document.createElement("p");
  p.className = "error";
  p.textContent = said ? said.textContent : "refused (HTTP " + evt.detail.xhr.status + ")";
  target.replaceChildren(p);
});

// Sliders that show what they are set to: the as-of date (data-dates, and the hidden
// as_of field the timeline request sends) and each lever's label (data-labels).
document.addEventListener("input", function (evt) {
  var el = evt.target;
  if (!(el instanceof HTMLInputElement) || el.type !== "range") return;
  if (el.dataset.dates) {
    var date = JSON.parse(el.dataset.dates)[el.value];
    document.getElementById("asof-date").value = date;
    document.getElementById("asof-shown").textContent = date;
  } else if (el.dataset.labels) {
    el.parentNode.nextElementSibling.textContent = JSON.parse(el.dataset.labels)[el.value];
  }
});

// A server that cannot be reached (stopped, or the network gone) is said so where the answer
// would have gone; a run being watched no longer claims to be running. Polling goes on, so
// the page recovers by itself once the server is back.
document.addEventListener("htmx:sendError", function (evt) {
  var target = evt.detail.target;
  if (!target) return;
  var said = "cannot reach the server: it may have stopped; the page shows what it last knew";
  var status = target.querySelector(".run-status");
  if (status) {
    status.textContent = "unknown";
    status.className = "run-status unknown";
    target.querySelectorAll(".progress").forEach(function (bar) { bar.remove(); });
  }
  var p = target.querySelector(".unreachable");
  if (!p) {
    p = document.createElement("p");
    p.className = "error unreachable";
    if (status) status.parentNode.after(p);
    else target.replaceChildren(p);
  }
  p.textContent = said;
});
