/* The desk's small amount of JavaScript: live updates over the WebSocket, Ctrl+Enter to save,
   Enter in the reason finder picking the first match instead of submitting, the reason picker
   keeping the agent's own choice, suggested articles taken into the email reply, and the top
   bar's menu button on a phone. */
(function () {
  "use strict";

  function connect(delay) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/ws/desk/");
    socket.onopen = function () {
      delay = 1000;
      document.body.dataset.live = "on";
      // A chat open on this page (a supervisor's look at another agent's chat, say): its
      // events come too, once the server has checked the reach again.
      var watched = document.querySelector("[data-watch-chat]");
      if (watched) { socket.send(JSON.stringify({ watch: Number(watched.dataset.watchChat) })); }
      // Whatever happened while the socket was away: the pages that show it fetch again.
      document.body.dispatchEvent(new CustomEvent("desk:live"));
    };
    socket.onmessage = function (message) {
      var detail = {};
      try { detail = JSON.parse(message.data); } catch (error) { return; }
      if (detail.event === "pop") { showPop(detail.call); }
      else if (detail.event === "pop_close") { closePop(detail.call, detail.answered_by); }
      else if (detail.event === "watching") { document.body.dataset.watching = String(detail.allowed); }
      else if (detail.event === "chat") {  // the chat's queue and conversation (chat.js)
        document.body.dispatchEvent(new CustomEvent("desk:chat", { detail: detail }));
      }
      else if (window.htmx) { window.htmx.trigger(document.body, "desk:changed", detail); }
    };
    socket.onclose = function (event) {
      document.body.dataset.live = "off";
      if (event.code === 4403) { return; }  // not allowed: retrying will not help
      setTimeout(function () { connect(Math.min(delay * 2, 30000)); }, delay);
    };
  }

  // The page says where a call's card is: the address of call 0's card, call 0 replaced.
  function popUrl(box, callId) {
    var url = box.dataset.popUrl || "";
    var at = url.lastIndexOf("/0/");
    return at < 0 ? "" : url.slice(0, at) + "/" + encodeURIComponent(callId) + url.slice(at + 2);
  }

  // A ringing call: its card comes from the server (who the caller is, their open cases).
  function showPop(callId) {
    var box = document.getElementById("screen-pops");
    if (!box || document.getElementById("pop-" + callId) || !window.htmx) { return; }
    var url = popUrl(box, callId);
    if (!url) { return; }
    window.htmx.ajax("GET", url, { target: box, swap: "afterbegin" })
      .then(function () {
        var card = document.getElementById("pop-" + callId);
        if (card && "autoOpen" in card.dataset) {
          var form = card.querySelector("form");
          form.requestSubmit(form.querySelector("button[type=submit]"));  // the first offer
        }
      });
  }

  // Someone else answered, or the caller hung up: the card goes (unless I answered).
  function closePop(callId, answeredBy) {
    var card = document.getElementById("pop-" + callId);
    if (!card) { return; }
    if (answeredBy && String(answeredBy) === document.body.dataset.userId) { return; }
    card.remove();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-dismiss-pop]");
    if (button) { closePop(button.dataset.dismissPop, null); }
  });

  // On a narrow screen the stylesheet shows the menu button and hides the navigation while the
  // button says it is closed. Without this script the button stays hidden and the links shown.
  function setUpMenu() {
    var button = document.querySelector(".menu-toggle");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      button.setAttribute("aria-expanded", String(button.getAttribute("aria-expanded") !== "true"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") { return; }
      button.setAttribute("aria-expanded", "false");
      button.focus();
    });
  }

  // Screen pops open just below the top bar, however many rows it takes at this width.
  function followTopBar() {
    var bar = document.querySelector(".topbar");
    if (!bar || !window.ResizeObserver) { return; }
    new ResizeObserver(function () {
      document.documentElement.style.setProperty("--topbar-height", bar.offsetHeight + "px");
    }).observe(bar);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpMenu();
    followTopBar();
    if ("deskLive" in document.body.dataset) { connect(1000); }
  });

  // A reason the agent picks, or "No reason yet", is theirs: the one clears the other, and the
  // suggestions stop refreshing (a sure one would be chosen again over theirs).
  document.addEventListener("change", function (event) {
    var field = event.target, form = field.form;
    if (!form || !form.matches("[data-submit-on-ctrl-enter]")) { return; }
    if (field.name === "reason") {
      if (form.elements.no_reason_yet) { form.elements.no_reason_yet.checked = false; }
    } else if (field.name === "no_reason_yet") {
      if (field.checked) {
        form.querySelectorAll("input[name=reason]").forEach(function (r) { r.checked = false; });
      }
    } else { return; }
    form.dataset.reasonChosen = "";
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = event.detail.elt, form = box.closest && box.closest("form");
    if (box.id === "suggested-reasons" && form && "reasonChosen" in form.dataset) {
      event.preventDefault();
    }
  });

  // A suggested article the agent opens or takes into the email reply (decision 34): the
  // server records the search and the click, and answers with what goes into the reply (the
  // article's link, or its text), which lands at the reply's cursor.
  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function useArticle(control) {
    var box = control.closest("#suggested-articles"), list = control.closest("[data-article-query]");
    if (!box || !list || !box.dataset.usedUrl) { return null; }
    var body = new URLSearchParams({
      translation: control.dataset.article || control.dataset.insertArticle,
      q: list.dataset.articleQuery,
      results: list.dataset.articleResults
    });
    return fetch(box.dataset.usedUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: true,
      headers: { "X-CSRFToken": csrfToken() }
    });
  }

  function insertIntoReply(text) {
    var reply = document.getElementById("reply");
    var field = reply && reply.querySelector("textarea[name=body]");
    if (!field) { return; }
    reply.open = true;
    var start = field.selectionStart, end = field.selectionEnd, before = field.value.slice(0, start);
    var after = field.value.slice(end);
    var lead = before && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "";
    var tail = after && !/^\n/.test(after) ? "\n\n" : "";
    field.setRangeText(lead + text + tail, start, end, "end");
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("#suggested-articles [data-article], #suggested-articles [data-insert-article]");
    if (!target) { return; }
    if (target.dataset.article) {  // a link: it opens as usual, the click is recorded beside
      useArticle(target);
      return;
    }
    target.disabled = true;
    var sent = useArticle(target);
    if (!sent) { target.disabled = false; return; }
    sent.then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer && answer.insert) { insertIntoReply(answer.insert); } })
      .finally(function () { target.disabled = false; });
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
      if (first) {
        first.checked = true;
        first.dispatchEvent(new Event("change", { bubbles: true }));
        first.focus();
      }
    }
  });
})();
