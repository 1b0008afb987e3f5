/* The director dashboard: charts drawn by Plotly (served from the plotly package) from the JSON
   of /insights/data; a click on a bar or slice opens the cases behind it. Numbers in the
   viewer's language; no toolbar (its buttons speak English, and one uploads to Plotly's cloud). */
(function () {
  "use strict";

  var root = document.querySelector("[data-insights-data]");
  if (!root) { return; }
  var query = window.location.search.replace(/^\?/, "");
  var casesUrl = root.dataset.insightsCases;
  var words = JSON.parse(document.getElementById("chart-words").textContent);
  var lang = document.documentElement.lang || "en";
  var config = {
    displayModeBar: false, displaylogo: false, showSendToCloud: false,
    showEditInChartStudio: false, responsive: true
  };
  var layoutBase = { separators: words.separators, font: { family: "inherit" } };
  // Colours that stay apart; "other reasons" and "without reason" are greys.
  // Nine: the chart shows at most nine reasons by name (eight and "other", or nine).
  var PALETTE = ["#1f6f8b", "#e07a1f", "#3a9a4a", "#c8384b", "#7b5aa6", "#8c5a3c",
                 "#d264a8", "#2aa5b8", "#b3a21f"];
  var GREYS = { other: "#9aa3ab", none: "#d0d5da" };
  var share = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
  var count = new Intl.NumberFormat(lang);

  function layout(extra) { return Object.assign({}, layoutBase, extra); }

  function drill(extra) {
    var params = new URLSearchParams(query);
    Object.keys(extra).forEach(function (key) { params.set(key, extra[key]); });
    window.location.href = casesUrl + "?" + params.toString();
  }

  // Plotly reads a subset of HTML in every text it draws (<a href>, <b>, <br>, <span style>):
  // names people typed (reasons, organizations) go in as character references, so they show
  // as typed and never become links or styles. Every label passed to Plotly goes through here.
  function plotText(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  // The trace's (escaped) name by reference: a name holding "%{y}" is not a template.
  var HOVER_WEEKLY = "<b>%{fullData.name}</b><br>%{x|%d.%m.%Y}: %{y:,d} ";

  function empty(chart, rows) {
    if (rows.length) { return false; }
    chart.textContent = words.nothing;
    chart.classList.add("empty");
    return true;
  }

  function weekly(rows) {
    if (empty(document.getElementById("chart-weekly"), rows)) { return; }
    var byReason = {};
    var order = [];
    rows.forEach(function (row) {
      var key = String(row.reason);
      if (!byReason[key]) {
        var colour = GREYS[key] || PALETTE[order.filter(function (k) { return !GREYS[k]; }).length % PALETTE.length];
        byReason[key] = { x: [], y: [], ids: [], name: plotText(row.label), type: "bar",
                          marker: { color: colour },
                          hovertemplate: HOVER_WEEKLY + plotText(words.contacts) + "<extra></extra>" };
        order.push(key);
      }
      byReason[key].x.push(row.week);
      byReason[key].y.push(row.contacts);
      byReason[key].ids.push(row.week + "|" + key);
    });
    var chart = document.getElementById("chart-weekly");
    window.Plotly.newPlot(chart, order.map(function (key) { return byReason[key]; }), layout({
      barmode: "stack", margin: { t: 10, r: 10, l: 10, b: 10 }, legend: { orientation: "h" },
      xaxis: { type: "date", tickformat: "%d.%m", automargin: true },
      yaxis: { automargin: true, tickformat: ",d" }
    }), config);
    chart.on("plotly_click", function (event) {
      var parts = event.points[0].id.split("|");
      if (parts[1] === "other") { drill({ week: parts[0] }); return; }
      drill({ week: parts[0], reason_id: parts[1] });
    });
  }

  function topChart(rows) {
    var chart = document.getElementById("chart-top");
    if (empty(chart, rows)) { return; }
    var ordered = rows.slice().reverse();
    window.Plotly.newPlot(chart, [{
      type: "bar", orientation: "h", x: ordered.map(function (r) { return r.contacts; }),
      y: ordered.map(function (r) { return plotText(r.label); }), ids: ordered.map(function (r) { return String(r.reason); }),
      marker: { color: PALETTE[0] }, hovertemplate: "<b>%{y}</b>: %{x:,d} " + plotText(words.contacts) + "<extra></extra>"
    }], layout({
      margin: { t: 10, r: 10, l: 10, b: 10 },
      xaxis: { automargin: true, tickformat: ",d" }, yaxis: { automargin: true }
    }), config);
    chart.on("plotly_click", function (event) { drill({ reason_id: event.points[0].id }); });
  }

  function top(rows, without) {
    topChart(rows);
    var body = document.querySelector("#table-top tbody");
    body.innerHTML = "";
    rows.forEach(function (row) {
      var line = body.insertRow();
      line.insertCell().textContent = row.label.replace(/\//g, "/\u200b");  // may wrap after "/"
      line.insertCell().textContent = count.format(row.contacts);
      line.insertCell().textContent = share.format(row.share);
      var change = line.insertCell();
      if (row.new) {
        change.textContent = words.new;
      } else {
        change.textContent = (row.change > 0 ? "+" : "") + share.format(row.change);
        change.className = row.change > 0.2 ? "rising" : "";
      }
    });
    document.querySelector("[data-without=contacts]").textContent = count.format(without.contacts);
    document.querySelector("[data-without=share]").textContent =
      without.share === null ? "–" : share.format(without.share);
  }

  function channels(rows) {
    var chart = document.getElementById("chart-channels");
    if (!rows.length) { chart.textContent = "–"; return; }  // not broken down by organization
    window.Plotly.newPlot(chart, [{
      type: "pie", hole: 0.4, labels: rows.map(function (r) { return plotText(r.label); }),
      values: rows.map(function (r) { return r.contacts; }), ids: rows.map(function (r) { return r.channel; }),
      marker: { colors: PALETTE }, hovertemplate: "<b>%{label}</b>: %{value:,d} " + plotText(words.contacts) + " (%{percent})<extra></extra>"
    }], layout({ margin: { t: 10, r: 10, l: 10, b: 10 } }), config);
    chart.on("plotly_click", function (event) { drill({ contact_channel: event.points[0].id }); });
  }

  function draw() {
    if (!window.Plotly) { window.setTimeout(draw, 50); return; }
    fetch(root.dataset.insightsData + "?" + query, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.error) { return; }
        weekly(data.weekly);
        top(data.top_reasons, data.without_reason);
        channels(data.channels);
        root.dataset.drawn = "yes";
      });
  }

  // The organization filter: names found as one types, the chosen one's id sent with the form.
  document.querySelectorAll("[data-organization-search]").forEach(function (box) {
    var input = box.querySelector("input[type=search]");
    var hidden = box.querySelector("input[type=hidden]");
    var list = box.querySelector("datalist");
    var found = {};
    var timer = null;
    input.addEventListener("input", function () {
      var text = input.value.trim();
      hidden.value = found[text] || "";
      window.clearTimeout(timer);
      if (!text || found[text]) { return; }
      timer = window.setTimeout(function () {
        fetch(box.dataset.organizationSearch + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            list.innerHTML = "";
            data.results.forEach(function (org) {
              found[org.name] = String(org.id);
              var option = document.createElement("option");
              option.value = org.name;
              list.appendChild(option);
            });
            hidden.value = found[input.value.trim()] || "";
          });
      }, 150);
    });
  });

  draw();
})();
