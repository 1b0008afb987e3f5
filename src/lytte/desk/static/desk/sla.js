/* A pushed SLA warning or breach (decision 0041) on the desk's queue and case pages: the
   assignee and the team's supervisors see a notice in #sla-alert, whose texts the page renders in their language. The
   queue itself refreshes on the same `desk:changed` event and marks the case. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("sla-alert");
    if (!box) { return; }
    document.body.addEventListener("desk:changed", function (event) {
      var what = (event.detail || {}).what;
      var kinds = { sla_warning: "warning", sla_breached: "breached", sla_escalated: "escalated" };
      var kind = kinds[what];
      if (!kind) { return; }
      box.textContent = box.dataset[kind];
      box.dataset.case = String(event.detail.case);
      box.className = "sla-alert sla-alert-" + (kind === "warning" ? "warning" : "breached");
      box.hidden = false;
    });
    box.addEventListener("click", function () { box.hidden = true; });
  });
})();
