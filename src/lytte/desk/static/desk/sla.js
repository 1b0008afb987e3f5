/* A pushed SLA warning or breach (decision 0041) on the desk's queue and case pages: the
   assignee sees a notice in #sla-alert, whose texts the page renders in their language. The
   queue itself refreshes on the same `desk:changed` event and marks the case. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("sla-alert");
    if (!box) { return; }
    document.body.addEventListener("desk:changed", function (event) {
      var what = (event.detail || {}).what;
      if (what !== "sla_warning" && what !== "sla_breached") { return; }
      box.textContent = what === "sla_warning" ? box.dataset.warning : box.dataset.breached;
      box.dataset.case = String(event.detail.case);
      box.className = "sla-alert sla-alert-" + (what === "sla_warning" ? "warning" : "breached");
      box.hidden = false;
    });
    box.addEventListener("click", function () { box.hidden = true; });
  });
})();
