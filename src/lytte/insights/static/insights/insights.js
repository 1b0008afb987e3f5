/* The director dashboard: charts drawn by Plotly (served from the plotly package) from the JSON
   of /insights/data; a click on a bar or slice opens the cases behind it. */
(function () {
  "use strict";

  var root = document.querySelector("[data-insights-data]");
  if (!root) { return; }
  var query = window.location.search.replace(/^\?/, "");
  var casesUrl = root.dataset.insightsCases;
  var config = { displaylogo: false, responsive: true, locale: document.documentElement.lang };

  function drill(extra) {
    var params = new URLSearchParams(query);
    Object.keys(extra).forEach(function (key) { params.set(key, extra[key]); });
    window.location.href = casesUrl + "?" + params.toString();
  }

  function duration(seconds) {
    if (seconds === "" || seconds === null || isNaN(seconds)) { return "–"; }
    seconds = Number(seconds);
    if (seconds < 3600) { return Math.round(seconds / 60) + " min"; }
    if (seconds < 172800) { return (seconds / 3600).toFixed(1) + " h"; }
    return (seconds / 86400).toFixed(1) + " d";
  }

  document.querySelectorAll("[data-seconds]").forEach(function (node) {
    node.textContent = duration(node.dataset.seconds);
  });

  function weekly(rows) {
    var byReason = {};
    rows.forEach(function (row) {
      var key = row.label;
      if (!byReason[key]) { byReason[key] = { x: [], y: [], ids: [], name: key, type: "bar" }; }
      byReason[key].x.push(row.week);
      byReason[key].y.push(row.contacts);
      byReason[key].ids.push(row.week + "|" + (row.reason === null ? "" : row.reason));
    });
    var chart = document.getElementById("chart-weekly");
    window.Plotly.newPlot(chart, Object.values(byReason), {
      barmode: "stack", margin: { t: 10, r: 10, l: 40, b: 40 }, legend: { orientation: "h" },
      xaxis: { type: "date", tickformat: "%d.%m" }
    }, config);
    chart.on("plotly_click", function (event) {
      var parts = event.points[0].id.split("|");
      drill({ week: parts[0], reason_id: parts[1] });
    });
  }

  function top(rows) {
    var chart = document.getElementById("chart-top");
    var ordered = rows.slice().reverse();
    window.Plotly.newPlot(chart, [{
      type: "bar", orientation: "h", x: ordered.map(function (r) { return r.contacts; }),
      y: ordered.map(function (r) { return r.label; }), ids: ordered.map(function (r) { return String(r.reason); })
    }], { margin: { t: 10, r: 10, l: 160, b: 30 } }, config);
    chart.on("plotly_click", function (event) { drill({ reason_id: event.points[0].id }); });
    var table = document.getElementById("table-top");
    table.innerHTML = "";
    rows.forEach(function (row) {
      var line = table.insertRow();
      line.insertCell().textContent = row.label;
      line.insertCell().textContent = row.contacts;
      var change = line.insertCell();
      change.textContent = row.change === null ? "–" : (row.change > 0 ? "+" : "") + Math.round(row.change * 100) + " %";
      change.className = row.change > 0.2 ? "rising" : "";
    });
  }

  function channels(rows) {
    var chart = document.getElementById("chart-channels");
    if (!rows.length) { chart.textContent = "–"; return; }
    window.Plotly.newPlot(chart, [{
      type: "pie", hole: 0.4, labels: rows.map(function (r) { return r.label; }),
      values: rows.map(function (r) { return r.contacts; }), ids: rows.map(function (r) { return r.channel; })
    }], { margin: { t: 10, r: 10, l: 10, b: 10 } }, config);
    chart.on("plotly_click", function (event) { drill({ contact_channel: event.points[0].id }); });
  }

  function draw() {
    if (!window.Plotly) { window.setTimeout(draw, 50); return; }
    fetch(root.dataset.insightsData + "?" + query, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.error) { return; }
        weekly(data.weekly);
        top(data.top_reasons);
        channels(data.channels);
        root.dataset.drawn = "yes";
      });
  }
  draw();
})();
