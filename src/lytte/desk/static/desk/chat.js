/* The desk's side of live chat. desk.js owns the socket and hands chat events on as the body's
   "desk:chat" event ({what, conversation, seq, upto}); this script keeps the agent's desk
   beating, tells the agent when a new chat waits (title badge and an aria-live line, no sound),
   and runs the conversation view: messages fetched as JSON and shown as text (never HTML),
   Enter sends and Shift+Enter makes a new line, typing both ways, read receipts, canned
   answers and article links into the answer. A chat open on the page is watched over the
   socket (desk.js), so a supervisor looking at another agent's chat sees it live too; only the
   chat's own agent marks the customer's messages read. The top bar's unread count refetches
   when a chat event may change it. */
(function () {
  "use strict";

  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(data || {})
    });
  }

  // The heartbeat: while any desk page is open, the widget may offer chats (decision 35).
  function beat() {
    var meta = document.querySelector("meta[name=chat-heartbeat]");
    if (meta) { post(meta.content).catch(function () {}); }
  }

  // A new chat waits: "(1) " before the title and a line for screen readers, until the agent
  // looks at the page again.
  var baseTitle = document.title, unseen = 0;
  var QUEUE_EVENTS = ["waiting", "accepted", "transferred", "ended"];
  function notify(detail) {
    var elsewhere = !view || String(detail.conversation) !== view.box.dataset.chat;
    var word = detail.what === "message" && detail.sender === "customer";
    if (detail.what !== "waiting" && !(word && (elsewhere || document.visibilityState !== "visible"))) {
      return;
    }
    var line = document.getElementById("chat-notice");
    if (document.visibilityState === "visible" && document.hasFocus()) {
      unseen = 0;
    } else {
      unseen += 1;
      document.title = "(" + unseen + ") " + baseTitle;
    }
    if (line && detail.what === "waiting") { line.textContent = ""; line.textContent = line.dataset.text; }
  }
  function seen() {
    if (document.visibilityState !== "visible") { return; }
    unseen = 0;
    document.title = baseTitle;
  }

  // The conversation view ---------------------------------------------------------------------
  var view = null, lastSeq = 0, readUpto = 0, typingTimer = null, typedAt = 0, fetching = null;

  function stateLabel(state) {
    return (state === "read" || state === "delivered" || state === "sent") ? view.list.dataset[state] : "";
  }

  function render(message) {
    if (view.list.querySelector("[data-seq='" + message.seq + "']")) { return; }
    var item = document.createElement("li");
    item.className = "chat-message from-" + message.sender;
    item.dataset.seq = message.seq;
    var head = document.createElement("div");
    head.className = "chat-message-head";
    var name = message.sender === "agent" ? (message.author || view.list.dataset.you)
      : message.sender === "customer" ? view.list.dataset.customer : "";
    var time = new Date(message.sent_at);
    head.textContent = name + (name ? " · " : "") + time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    item.appendChild(head);
    if (message.body) {
      var body = document.createElement("p");
      body.className = "chat-message-body";
      body.textContent = message.body;
      item.appendChild(body);
    }
    if (message.attachment) {
      var link = document.createElement("a");
      link.href = message.attachment.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.className = "chat-attachment";
      if (/^image\//.test(message.attachment.type)) {
        var image = document.createElement("img");
        image.src = message.attachment.url;
        image.alt = message.attachment.name;
        link.appendChild(image);
      } else {
        link.textContent = message.attachment.name;
      }
      item.appendChild(link);
    }
    if (message.sender === "agent") {
      var mark = document.createElement("span");
      mark.className = "chat-receipt";
      mark.dataset.receipt = message.state;
      mark.textContent = stateLabel(message.state);
      item.appendChild(mark);
    }
    view.list.appendChild(item);
    lastSeq = Math.max(lastSeq, message.seq);
  }

  function markRead(upto) {
    view.list.querySelectorAll(".from-agent").forEach(function (item) {
      var mark = item.querySelector(".chat-receipt");
      if (mark && Number(item.dataset.seq) <= upto) { mark.dataset.receipt = "read"; mark.textContent = stateLabel("read"); }
    });
  }

  function showState(state) {
    view.box.dataset.state = state;
    var tag = document.getElementById("chat-state");
    var label = tag && tag.dataset["stateLabel" + state.charAt(0).toUpperCase() + state.slice(1)];
    if (label) { tag.textContent = label; }
    var endTitle = document.getElementById("chat-end-title");
    if (state === "ended" && endTitle) { endTitle.textContent = endTitle.dataset.endedText; }
    if (state === "ended" && view.form) {
      view.form.querySelectorAll("textarea, button, select").forEach(function (c) { c.disabled = true; });
    }
  }

  function refresh() {
    if (fetching) { return fetching; }
    fetching = fetch(view.box.dataset.messagesUrl + "?after=" + lastSeq, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer) { return; }
        answer.messages.forEach(render);
        markRead(answer.read_upto);
        showState(answer.state);
        view.list.scrollTop = view.list.scrollHeight;
        tellRead();
      })
      .finally(function () { fetching = null; });
    return fetching;
  }

  // The agent has the chat in front of them: the customer's messages so far are read.
  function tellRead() {
    if (!("ownChat" in view.box.dataset) || document.visibilityState !== "visible") { return; }
    var customers = view.list.querySelectorAll(".from-customer");
    var upto = customers.length ? Number(customers[customers.length - 1].dataset.seq) : 0;
    if (upto > readUpto) {
      readUpto = upto;
      post(view.box.dataset.readUrl, { upto: upto }).catch(function () {});
    }
  }

  function clientId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function send(event) {
    event.preventDefault();
    var field = view.field, text = field.value.trim(), error = document.getElementById("chat-error");
    if (!text) { return; }
    field.value = "";
    typedAt = 0;  // what they type next is a new answer: say so at once
    post(view.box.dataset.messagesUrl, { body: text, client_id: clientId() })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (result) {
        if (result.ok) {
          error.hidden = true;
          render(result.answer.message);
          view.list.scrollTop = view.list.scrollHeight;
        } else {
          field.value = text;
          error.textContent = result.answer.message || "";
          error.hidden = false;
        }
      })
      .catch(function () { field.value = text; });
  }

  function typed() {
    var now = Date.now();
    if (now - typedAt < 3000) { return; }
    typedAt = now;
    post(view.box.dataset.typingUrl).catch(function () {});
  }

  function insert(text) {
    var field = view.field;
    if (!field) { return; }
    var start = field.selectionStart, end = field.selectionEnd;
    var before = field.value.slice(0, start);
    var lead = before && !/\s$/.test(before) ? " " : "";
    field.setRangeText(lead + text, start, end, "end");
    field.focus();
  }

  function useArticle(button) {
    var list = button.closest("[data-article-query]");
    if (!view.box.dataset.usedUrl || !list) { return; }
    button.disabled = true;
    fetch(view.box.dataset.usedUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf() },
      body: new URLSearchParams({
        translation: button.dataset.chatArticle, q: list.dataset.articleQuery, results: list.dataset.articleResults
      })
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer && answer.insert) { insert(answer.insert); } })
      .finally(function () { button.disabled = false; });
  }

  function onChatEvent(detail) {
    if (!view || String(detail.conversation) !== view.box.dataset.chat) { return; }
    if (detail.what === "typing") {
      view.typing.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { view.typing.hidden = true; }, 5000);
    } else if (detail.what === "read") {
      markRead(detail.upto);
    } else if (detail.what !== "agent_read") {
      if (detail.what === "message" && detail.sender === "customer") { view.typing.hidden = true; }
      refresh();
    }
  }

  function setUpView() {
    var box = document.getElementById("chat-desk");
    if (!box) { return; }
    view = {
      box: box,
      list: document.getElementById("chat-transcript"),
      typing: document.getElementById("chat-typing"),
      form: document.getElementById("chat-composer"),
      field: document.getElementById("chat-body")
    };
    if (view.form) {
      view.form.addEventListener("submit", send);
      view.field.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          view.form.requestSubmit();
        }
      });
      view.field.addEventListener("input", typed);
    }
    var canned = document.getElementById("chat-canned");
    if (canned) {
      canned.addEventListener("change", function () {
        if (canned.value) { insert(canned.value); }
        canned.value = "";
      });
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-chat-article]");
      if (button) { useArticle(button); }
    });
    document.addEventListener("visibilitychange", tellRead);
    refresh();
    setInterval(refresh, 20000);  // a socket that dropped a message: caught up within 20 s
  }

  var UNREAD_EVENTS = ["message", "agent_read", "accepted", "transferred", "ended"];
  function unreadMayChange() {
    document.body.dispatchEvent(new CustomEvent("desk:unread-chats"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("desk:live", function () {  // (re)connected: catch up
      if (view) { refresh(); }
      unreadMayChange();
    });
    document.body.addEventListener("desk:chat", function (event) {
      var detail = event.detail || {};
      notify(detail);
      onChatEvent(detail);
      if (UNREAD_EVENTS.indexOf(detail.what) >= 0 && (detail.what !== "message" || detail.sender === "customer")) {
        unreadMayChange();
      }
      var mine = detail.what === "message" && detail.sender === "customer" &&
        (!view || String(detail.conversation) !== view.box.dataset.chat);  // "new message"
      if (mine || QUEUE_EVENTS.indexOf(detail.what) >= 0) {  // the queue panels refetch (htmx)
        document.body.dispatchEvent(new CustomEvent("desk:chat-queue", { detail: detail }));
      }
    });
    document.addEventListener("visibilitychange", seen);
    window.addEventListener("focus", seen);
    if (document.querySelector("meta[name=chat-heartbeat]")) {
      beat();
      setInterval(beat, 30000);
    }
    setUpView();
  });
})();
