/* The desk's small amount of JavaScript: live updates over the WebSocket, Ctrl+Enter to save,
   and Enter in the reason finder picking the first match instead of submitting. */
(function () {
  "use strict";

  function connect(delay) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/desk/");
    socket.onopen = function () {
      delay = 1000;
      document.body.dataset.live = "on";
    };
    socket.onmessage = function (message) {
      var detail = {};
      try { detail = JSON.parse(message.data); } catch (error) { return; }
      if (window.htmx) { window.htmx.trigger(document.body, "desk:changed", detail); }
    };
    socket.onclose = function (event) {
      document.body.dataset.live = "off";
      if (event.code === 4403) { return; }  // not allowed: retrying will not help
      setTimeout(function () { connect(Math.min(delay * 2, 30000)); }, delay);
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    if ("deskLive" in document.body.dataset) { connect(1000); }
  });

  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form[data-submit-on-ctrl-enter]");
    if (!form) { return; }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Enter" && event.target.name === "reason_q") {
      event.preventDefault();
      var first = form.querySelector("#reason-matches input[name=reason]");
      if (first) { first.checked = true; first.focus(); }
    }
  });
})();
