/* Lytte chat widget: one <script src="https://HOST/chat/widget.js" data-key="KEY" async>
 * puts a chat button on any page. Plain JavaScript, no build step, no request to any host
 * but the one it came from. Everything lives in a Shadow DOM so the host page's CSS cannot
 * reach it. The protocol it speaks is in docs/chat-protocol.md.
 *
 * Options on the script tag: data-key (the widget's public key), data-lang (nb, da, sv, fi,
 * en; else the page's <html lang>), data-identity-token (the business's signed token for a
 * signed-in customer). Any element with data-lytte-chat-open opens the chat when clicked. */
(function () {
  "use strict";
  if (window.__lytteChat) return;
  window.__lytteChat = true;

  var script = document.currentScript ||
    document.querySelector("script[data-key][src*='/chat/widget.js']");
  if (!script || !script.dataset.key) return;

  var KEY = script.dataset.key;
  var ORIGIN = new URL(script.src, location.href).origin;
  var API = ORIGIN + "/chat/api/";
  var SAME_ORIGIN = ORIGIN === location.origin;
  var STORE = "lytte-chat:" + KEY;
  var FILE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"];
  var MAX_FILE = 5 * 1024 * 1024;
  var TYPING_EVERY = 3000; // ms between our typing signals
  var TYPING_SHOWN = 6000; // ms the agent's typing stays shown
  var RETRY_AFTER = 4000; // ms before an unacknowledged message goes again over HTTP

  // User-facing strings, all five languages. {x} is filled in by t().
  var STRINGS = {
    en: {
      open: "Chat with us", title: "Chat", close: "Close chat",
      greeting: "Hi! How can we help you?",
      question: "Your question", name: "Name (optional)", email: "Email (optional)",
      unverified: "Not signed in: the agent will check who you are.",
      verified: "Signed in as {name}.",
      articles: "These articles may answer your question:",
      talk: "Talk to a person", needText: "Write your question first.",
      closed: "Chat is closed right now.", nobody: "Nobody is available to chat right now.",
      queue_full: "All our agents are busy with other chats right now.",
      down: "Chat is not available right now.",
      hours: "Opening hours", leave: "Leave a message and we will answer by email.",
      nameReq: "Name", emailReq: "Email", message: "Message", sendMessage: "Send message",
      left: "Thank you! We have your message and will answer by email.",
      wait: "Expected wait: about {n} min.", waitShort: "Expected wait: less than a minute.",
      waiting: "Waiting for an agent…", active: "You are chatting with {agent}.",
      ended: "The chat has ended.", newChat: "Start a new chat",
      composer: "Write a message", send: "Send", attach: "Attach an image or PDF",
      badType: "Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.",
      tooBig: "The file is larger than {n} MB.",
      typing: "{agent} is typing…", someone: "The agent",
      pending: "Sending…", sent: "Sent", delivered: "Delivered", read: "Read",
      you: "You", transcript: "Email me the transcript",
      transcriptSent: "The transcript is on its way to your email.",
      end: "End chat", reconnecting: "Connection lost. Trying again…",
      error: "Something went wrong. Please try again.", invalid: "Check this field.",
      newMessage: "New message", notSent: "Not sent",
      rateLow: "very dissatisfied", rateHigh: "very satisfied", rateOf: "{n} of 5",
      rateSend: "Send rating", rateThanks: "Thank you for your rating!"
    },
    nb: {
      open: "Chat med oss", title: "Chat", close: "Lukk chatten",
      greeting: "Hei! Hva kan vi hjelpe deg med?",
      question: "Spørsmålet ditt", name: "Navn (valgfritt)", email: "E-post (valgfritt)",
      unverified: "Ikke innlogget: kundebehandleren vil sjekke hvem du er.",
      verified: "Innlogget som {name}.",
      articles: "Disse artiklene kan svare på spørsmålet ditt:",
      talk: "Snakk med et menneske", needText: "Skriv spørsmålet ditt først.",
      closed: "Chatten er stengt akkurat nå.", nobody: "Ingen er ledige til å chatte akkurat nå.",
      queue_full: "Alle kundebehandlerne våre er opptatt med andre chatter akkurat nå.",
      down: "Chatten er ikke tilgjengelig akkurat nå.",
      hours: "Åpningstider", leave: "Legg igjen en melding, så svarer vi på e-post.",
      nameReq: "Navn", emailReq: "E-post", message: "Melding", sendMessage: "Send meldingen",
      left: "Takk! Vi har fått meldingen din og svarer på e-post.",
      wait: "Forventet ventetid: omtrent {n} min.", waitShort: "Forventet ventetid: under ett minutt.",
      waiting: "Venter på en kundebehandler …", active: "Du chatter med {agent}.",
      ended: "Chatten er avsluttet.", newChat: "Start en ny chat",
      composer: "Skriv en melding", send: "Send", attach: "Legg ved et bilde eller en PDF",
      badType: "Bare bilder (PNG, JPEG, GIF, WebP) og PDF-filer kan sendes.",
      tooBig: "Filen er større enn {n} MB.",
      typing: "{agent} skriver …", someone: "Kundebehandleren",
      pending: "Sender …", sent: "Sendt", delivered: "Levert", read: "Lest",
      you: "Du", transcript: "Send meg samtalen på e-post",
      transcriptSent: "Samtalen er på vei til e-posten din.",
      end: "Avslutt chatten", reconnecting: "Forbindelsen ble brutt. Prøver igjen …",
      error: "Noe gikk galt. Prøv igjen.", invalid: "Sjekk dette feltet.",
      newMessage: "Ny melding", notSent: "Ikke sendt",
      rateLow: "svært misfornøyd", rateHigh: "svært fornøyd", rateOf: "{n} av 5",
      rateSend: "Send vurderingen", rateThanks: "Takk for vurderingen!"
    },
    da: {
      open: "Chat med os", title: "Chat", close: "Luk chatten",
      greeting: "Hej! Hvad kan vi hjælpe dig med?",
      question: "Dit spørgsmål", name: "Navn (valgfrit)", email: "E-mail (valgfrit)",
      unverified: "Ikke logget ind: medarbejderen vil tjekke, hvem du er.",
      verified: "Logget ind som {name}.",
      articles: "Disse artikler kan besvare dit spørgsmål:",
      talk: "Tal med et menneske", needText: "Skriv dit spørgsmål først.",
      closed: "Chatten er lukket lige nu.", nobody: "Ingen er ledige til at chatte lige nu.",
      queue_full: "Alle vores medarbejdere er optaget af andre chats lige nu.",
      down: "Chatten er ikke tilgængelig lige nu.",
      hours: "Åbningstider", leave: "Skriv en besked, så svarer vi på e-mail.",
      nameReq: "Navn", emailReq: "E-mail", message: "Besked", sendMessage: "Send beskeden",
      left: "Tak! Vi har fået din besked og svarer på e-mail.",
      wait: "Forventet ventetid: cirka {n} min.", waitShort: "Forventet ventetid: under et minut.",
      waiting: "Venter på en medarbejder …", active: "Du chatter med {agent}.",
      ended: "Chatten er afsluttet.", newChat: "Start en ny chat",
      composer: "Skriv en besked", send: "Send", attach: "Vedhæft et billede eller en PDF",
      badType: "Kun billeder (PNG, JPEG, GIF, WebP) og PDF-filer kan sendes.",
      tooBig: "Filen er større end {n} MB.",
      typing: "{agent} skriver …", someone: "Medarbejderen",
      pending: "Sender …", sent: "Sendt", delivered: "Leveret", read: "Læst",
      you: "Dig", transcript: "Send mig samtalen på e-mail",
      transcriptSent: "Samtalen er på vej til din e-mail.",
      end: "Afslut chatten", reconnecting: "Forbindelsen blev afbrudt. Prøver igen …",
      error: "Noget gik galt. Prøv igen.", invalid: "Tjek dette felt.",
      newMessage: "Ny besked", notSent: "Ikke sendt",
      rateLow: "meget utilfreds", rateHigh: "meget tilfreds", rateOf: "{n} ud af 5",
      rateSend: "Send vurderingen", rateThanks: "Tak for din vurdering!"
    },
    sv: {
      open: "Chatta med oss", title: "Chatt", close: "Stäng chatten",
      greeting: "Hej! Vad kan vi hjälpa dig med?",
      question: "Din fråga", name: "Namn (valfritt)", email: "E-post (valfritt)",
      unverified: "Inte inloggad: handläggaren kontrollerar vem du är.",
      verified: "Inloggad som {name}.",
      articles: "De här artiklarna kan besvara din fråga:",
      talk: "Prata med en människa", needText: "Skriv din fråga först.",
      closed: "Chatten är stängd just nu.", nobody: "Ingen är ledig att chatta just nu.",
      queue_full: "Alla våra handläggare är upptagna med andra chattar just nu.",
      down: "Chatten är inte tillgänglig just nu.",
      hours: "Öppettider", leave: "Lämna ett meddelande så svarar vi via e-post.",
      nameReq: "Namn", emailReq: "E-post", message: "Meddelande", sendMessage: "Skicka meddelandet",
      left: "Tack! Vi har fått ditt meddelande och svarar via e-post.",
      wait: "Förväntad väntetid: cirka {n} min.", waitShort: "Förväntad väntetid: under en minut.",
      waiting: "Väntar på en handläggare …", active: "Du chattar med {agent}.",
      ended: "Chatten är avslutad.", newChat: "Starta en ny chatt",
      composer: "Skriv ett meddelande", send: "Skicka", attach: "Bifoga en bild eller en PDF",
      badType: "Bara bilder (PNG, JPEG, GIF, WebP) och PDF-filer kan skickas.",
      tooBig: "Filen är större än {n} MB.",
      typing: "{agent} skriver …", someone: "Handläggaren",
      pending: "Skickar …", sent: "Skickat", delivered: "Levererat", read: "Läst",
      you: "Du", transcript: "Skicka samtalet till min e-post",
      transcriptSent: "Samtalet är på väg till din e-post.",
      end: "Avsluta chatten", reconnecting: "Anslutningen bröts. Försöker igen …",
      error: "Något gick fel. Försök igen.", invalid: "Kontrollera det här fältet.",
      newMessage: "Nytt meddelande", notSent: "Inte skickat",
      rateLow: "mycket missnöjd", rateHigh: "mycket nöjd", rateOf: "{n} av 5",
      rateSend: "Skicka betyget", rateThanks: "Tack för ditt betyg!"
    },
    fi: {
      open: "Keskustele kanssamme", title: "Chat", close: "Sulje chat",
      greeting: "Hei! Miten voimme auttaa?",
      question: "Kysymyksesi", name: "Nimi (vapaaehtoinen)", email: "Sähköposti (vapaaehtoinen)",
      unverified: "Et ole kirjautunut: asiakaspalvelija tarkistaa henkilöllisyytesi.",
      verified: "Kirjautunut: {name}.",
      articles: "Nämä artikkelit voivat vastata kysymykseesi:",
      talk: "Puhu ihmisen kanssa", needText: "Kirjoita ensin kysymyksesi.",
      closed: "Chat on nyt suljettu.", nobody: "Kukaan ei ole nyt vapaana chattiin.",
      queue_full: "Kaikki asiakaspalvelijamme palvelevat nyt muita.",
      down: "Chat ei ole nyt käytettävissä.",
      hours: "Aukioloajat", leave: "Jätä viesti, niin vastaamme sähköpostilla.",
      nameReq: "Nimi", emailReq: "Sähköposti", message: "Viesti", sendMessage: "Lähetä viesti",
      left: "Kiitos! Saimme viestisi ja vastaamme sähköpostilla.",
      wait: "Arvioitu odotusaika: noin {n} min.", waitShort: "Arvioitu odotusaika: alle minuutti.",
      waiting: "Odotetaan asiakaspalvelijaa …", active: "Keskustelet: {agent}.",
      ended: "Chat on päättynyt.", newChat: "Aloita uusi chat",
      composer: "Kirjoita viesti", send: "Lähetä", attach: "Liitä kuva tai PDF",
      badType: "Vain kuvia (PNG, JPEG, GIF, WebP) ja PDF-tiedostoja voi lähettää.",
      tooBig: "Tiedosto on suurempi kuin {n} Mt.",
      typing: "{agent} kirjoittaa …", someone: "Asiakaspalvelija",
      pending: "Lähetetään …", sent: "Lähetetty", delivered: "Toimitettu", read: "Luettu",
      you: "Sinä", transcript: "Lähetä keskustelu sähköpostiini",
      transcriptSent: "Keskustelu on matkalla sähköpostiisi.",
      end: "Lopeta chat", reconnecting: "Yhteys katkesi. Yritetään uudelleen …",
      error: "Jokin meni vikaan. Yritä uudelleen.", invalid: "Tarkista tämä kenttä.",
      newMessage: "Uusi viesti", notSent: "Ei lähetetty",
      rateLow: "erittäin tyytymätön", rateHigh: "erittäin tyytyväinen", rateOf: "{n}/5",
      rateSend: "Lähetä arvio", rateThanks: "Kiitos arviostasi!"
    }
  };

  function pickLanguage() {
    var wanted = [script.dataset.lang, document.documentElement.lang, navigator.language];
    for (var i = 0; i < wanted.length; i++) {
      var code = (wanted[i] || "").toLowerCase().split("-")[0];
      if (code === "no" || code === "nn") code = "nb";
      if (STRINGS[code]) return code;
    }
    return "en";
  }
  var LANG = pickLanguage();
  function t(name, values) {
    var text = STRINGS[LANG][name] || STRINGS.en[name] || name;
    return text.replace(/\{(\w+)\}/g, function (_, k) {
      return values && values[k] != null ? values[k] : "";
    });
  }

  // ---- small helpers -------------------------------------------------------------------

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join("-");
  }

  // h("button", {class: "x", onclick: f}, "text", child): elements from data, never HTML.
  function h(tag, attrs) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value == null || value === false) return;
      if (name.slice(0, 2) === "on") el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? "" : value);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child == null || child === false) continue;
      el.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return el;
  }

  function svg(path) {
    var ns = "http://www.w3.org/2000/svg";
    var el = document.createElementNS(ns, "svg");
    el.setAttribute("viewBox", "0 0 24 24");
    el.setAttribute("aria-hidden", "true");
    el.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    el.appendChild(p);
    return el;
  }
  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  var ICON_CLIP = "M16.5 6.5l-8 8a2 2 0 0 0 2.8 2.8l8-8a4 4 0 0 0-5.6-5.6l-8 8a6 6 0 0 0 8.5 8.5l7-7";
  var ICON_SEND = "M3 20l18-8L3 4v6l12 2-12 2z";

  function luminance(hex) {
    var c = hex.replace("#", "");
    if (c.length === 3) c = c.replace(/./g, "$&$&");
    return [0, 2, 4].map(function (i) {
      var v = parseInt(c.slice(i, i + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }).reduce(function (sum, v, i) { return sum + v * [0.2126, 0.7152, 0.0722][i]; }, 0);
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  // The business's colour, and text on it that meets WCAG 2.1 AA (4.5:1).
  function palette(colour) {
    if (!/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(colour || "")) colour = "#1f5f8b";
    var on = contrast(colour, "#ffffff") >= contrast(colour, "#000000") ? "#ffffff" : "#000000";
    var accent = contrast(colour, "#ffffff") >= 4.5 ? colour : "#1d2733";
    return { brand: colour, on: on, accent: accent };
  }

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE)) || null; } catch (e) { return null; }
  }
  function save() {
    if (!chat) return;
    try {
      sessionStorage.setItem(STORE, JSON.stringify({
        token: chat.token, conversation: chat.conversation, verified: chat.verified,
        state: chat.state, agent: chat.agent, lastSeq: chat.lastSeq, readSeq: chat.readSeq,
        messages: chat.messages, outbox: chat.outbox, open: isOpen
      }));
    } catch (e) { /* private mode: the chat lasts as long as the page */ }
  }
  function forget() {
    try { sessionStorage.removeItem(STORE); } catch (e) { /* nothing stored */ }
  }

  function request(method, path, body, headers) {
    var options = { method: method, headers: headers || {}, credentials: "same-origin" };
    if (body instanceof FormData) options.body = body;
    else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(API + path, options).then(function (response) {
      var status = response.status;
      if (status === 204) return { status: status, data: null };
      return response.json().catch(function () { return null; }).then(function (data) {
        return { status: status, data: data };
      });
    });
  }

  // ---- state ---------------------------------------------------------------------------

  var status = null; // the last GET status
  var chat = null; // {token, conversation, verified, state, agent, lastSeq, readSeq, messages, outbox}
  var isOpen = false;
  var socket = null, socketBackoff = 1000, socketTimer = null, pollTimer = null;
  var lastTypingSent = 0, typingTimer = null, retryTimer = null;
  var attachments = {}; // client_id -> File being uploaded (not kept across reloads)

  // ---- the DOM -------------------------------------------------------------------------

  // A name of its own, not a <div>: the host page's element rules cannot reach the host.
  var host = h("lytte-chat", { id: "lytte-chat" });
  var root = host.attachShadow({ mode: "open" });
  var launcher = h("button", {
    type: "button", class: "launcher", "aria-haspopup": "dialog", "aria-expanded": "false",
    "aria-controls": "panel", onclick: function () { open(); }
  }, svg(ICON_CHAT), h("span", {}, t("open")), h("span", { class: "vh", id: "unread" }));
  var titleText = h("span", {}, t("title"));
  var closeButton = h("button", {
    type: "button", class: "icon close", "aria-label": t("close"), title: t("close"),
    onclick: function () { close(); }
  }, svg(ICON_CLOSE));
  var body = h("div", { class: "body" });
  var panel = h("div", {
    id: "panel", class: "panel", role: "dialog", "aria-modal": "true",
    "aria-labelledby": "panel-title", hidden: true, lang: LANG
  }, h("header", {}, h("h2", { id: "panel-title", tabindex: "-1" }, titleText), closeButton), body);
  var notice = h("p", { class: "notice", role: "status" });

  launcher.setAttribute("lang", LANG);

  function styles() {
    var css = CSS;
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [sheet];
      return document.createComment("");
    } catch (e) {
      return h("style", {}, css);
    }
  }

  function applyLook() {
    var colours = palette(status && status.colour);
    host.style.setProperty("--lc-brand", colours.brand);
    host.style.setProperty("--lc-on-brand", colours.on);
    host.style.setProperty("--lc-accent", colours.accent);
    host.setAttribute("data-position", status && status.position === "left" ? "left" : "right");
    if (status && status.name) titleText.textContent = status.name;
  }

  function show(view) {
    body.replaceChildren(view);
  }

  function error(el, text) {
    el.textContent = text || "";
  }

  // ---- opening and closing -------------------------------------------------------------

  function open(restoring) {
    isOpen = true;
    launcher.classList.remove("unread");
    launcher.querySelector("#unread").textContent = "";
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    host.setAttribute("data-open", "");
    save();
    if (chat) {
      showChat();
      markRead();
      if (restoring !== true) focusFirst(); // a reload does not steal the page's focus
    } else {
      panel.querySelector("h2").focus(); // until the form is there
      refreshStatus().then(function () {
        showStart();
        if (isOpen) focusFirst();
      });
    }
  }

  function close() {
    isOpen = false;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    host.removeAttribute("data-open");
    save();
    launcher.focus();
  }

  function focusables() {
    return Array.prototype.filter.call(
      panel.querySelectorAll("a[href], button, input, textarea, select, [tabindex]"),
      function (el) {
        return !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0;
      });
  }

  function focusFirst() {
    var field = panel.querySelector("[data-autofocus]");
    (field || panel.querySelector("h2")).focus();
  }

  root.addEventListener("keydown", function (event) {
    if (!isOpen) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      var items = focusables();
      if (!items.length) return;
      var first = items[0], last = items[items.length - 1], active = root.activeElement;
      if (event.shiftKey && (active === first || !panel.contains(active))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || !panel.contains(active))) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-lytte-chat-open]");
    if (opener) {
      event.preventDefault();
      open();
    }
  });

  // ---- status, and before the chat -----------------------------------------------------

  function refreshStatus() {
    // The host page's signed token, if any, so the first view can say who is signed in.
    var token = script.dataset.identityToken;
    var headers = token ? { "X-Lytte-Identity": token } : undefined;
    return request("GET", KEY + "/status?lang=" + LANG, undefined, headers).then(function (answer) {
      status = answer.status === 200 ? answer.data : null;
      applyLook();
      return status;
    }, function () {
      status = null;
      return null;
    });
  }

  function showStart() {
    if (!isOpen || chat) return;
    if (!status || !status.available) return showOffline();
    var verifiedName = status.verified_name;
    var question = h("textarea", {
      id: "question", name: "message", rows: "3", maxlength: "4000", "data-autofocus": true,
      oninput: suggestArticles
    });
    var name = h("input", { id: "name", name: "name", autocomplete: "name", maxlength: "200" });
    var email = h("input", {
      id: "email", name: "email", type: "email", autocomplete: "email", maxlength: "254"
    });
    var problem = h("p", { class: "error", role: "alert" });
    var articles = h("div", { class: "articles", "aria-live": "polite" });
    var button = h("button", { type: "submit", class: "primary", id: "talk" }, t("talk"));
    var form = h("form", { class: "start", novalidate: true, onsubmit: submit },
      h("p", { class: "greeting" }, status.greeting || t("greeting")),
      waitText(status.expected_wait_seconds),
      h("label", { for: "question" }, t("question")), question,
      articles,
      verifiedName ? h("p", { class: "identity verified" }, t("verified", { name: verifiedName }))
        : h("div", { class: "who" },
          h("label", { for: "name" }, t("name")), name,
          h("label", { for: "email" }, t("email")), email,
          h("p", { class: "identity unverified" }, t("unverified"))),
      problem, button);
    show(form);

    var searchTimer = null, searchedFor = "";
    function suggestArticles() {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(function () {
        var q = question.value.trim();
        if (q === searchedFor) return;
        searchedFor = q;
        if (q.length < 3) return articles.replaceChildren();
        request("GET", KEY + "/articles?lang=" + LANG + "&q=" + encodeURIComponent(q))
          .then(function (answer) {
            var found = (answer.data && answer.data.articles || []).slice(0, 3);
            if (q !== searchedFor) return;
            var list = h("ul", { id: "articles" });
            found.forEach(function (a) {
              list.append(h("li", {}, h("a", { href: a.url, target: "_blank", rel: "noopener" },
                a.title)));
            });
            articles.replaceChildren(found.length ? h("div", {}, h("p", {}, t("articles")), list)
              : "");
          }, function () { /* suggestions are a help, never in the way */ });
      }, 300);
    }

    function submit(event) {
      event.preventDefault();
      var text = question.value.trim();
      if (!text) {
        error(problem, t("needText"));
        question.focus();
        return;
      }
      if (email.value && !email.checkValidity()) {
        error(problem, t("invalid"));
        email.focus();
        return;
      }
      button.disabled = true;
      startChat({
        name: verifiedName ? undefined : name.value.trim() || undefined,
        email: verifiedName ? undefined : email.value.trim() || undefined,
        message: text
      }).then(function (ok) {
        if (!ok) {
          button.disabled = false;
          error(problem, t("error"));
        }
      });
    }
  }

  function waitText(seconds) {
    if (seconds == null) return null;
    return h("p", { class: "wait" }, seconds < 60 ? t("waitShort")
      : t("wait", { n: Math.round(seconds / 60) }));
  }

  var startClientId = null;
  function startChat(fields) {
    startClientId = startClientId || newId();
    var payload = {
      name: fields.name, email: fields.email, message: fields.message,
      identity_token: script.dataset.identityToken || undefined,
      page_url: location.href, language: LANG, client_id: startClientId
    };
    return request("POST", KEY + "/conversations", payload).then(function (answer) {
      if (answer.status === 409 && answer.data && answer.data.code === "unavailable") {
        // It stopped being available while the customer typed: say why, as the status says.
        return refreshStatus().then(function () {
          if (!status || status.available) {
            status = Object.assign({}, status, { available: false, reason: null });
          }
          showOffline();
          return true;
        });
      }
      if (answer.status !== 201 && answer.status !== 200) return false;
      var data = answer.data;
      chat = {
        token: data.token, conversation: data.conversation, verified: !!data.verified,
        state: data.state || "waiting", agent: null, lastSeq: 0, readSeq: 0,
        messages: [], outbox: []
      };
      startClientId = null;
      (data.messages || []).forEach(upsert);
      save();
      showChat();
      connect();
      return true;
    }, function () { return false; });
  }

  function showOffline() {
    var reason = status && status.reason;
    var hours = ((status && status.opening_hours) || []).concat((status && status.special_days) || []);
    var name = h("input", { id: "left-name", name: "name", required: true, autocomplete: "name",
      maxlength: "200", "data-autofocus": true });
    var email = h("input", { id: "left-email", name: "email", type: "email", required: true,
      autocomplete: "email", maxlength: "254" });
    var message = h("textarea", { id: "left-body", name: "body", rows: "4", required: true,
      maxlength: "4000" });
    var problem = h("p", { class: "error", role: "alert" });
    var button = h("button", { type: "submit", class: "primary", id: "leave" }, t("sendMessage"));
    var clientId = newId();
    var hoursList = h("ul", { class: "hours" });
    hours.forEach(function (line) { hoursList.append(h("li", {}, line)); });
    var verifiedName = status && status.verified_name;
    var form = h("form", { class: "offline", novalidate: true, onsubmit: function (event) {
      event.preventDefault();
      var fields = verifiedName ? [message] : [name, email, message];
      for (var i = 0; i < fields.length; i++) {
        if (!fields[i].value.trim() || !fields[i].checkValidity()) {
          error(problem, t("invalid") + " (" + fields[i].labels[0].textContent + ")");
          fields[i].focus();
          return;
        }
      }
      button.disabled = true;
      request("POST", KEY + "/messages-left", {
        name: verifiedName ? undefined : name.value.trim(),
        email: verifiedName ? undefined : email.value.trim(),
        body: message.value.trim(),
        identity_token: script.dataset.identityToken || undefined,
        language: LANG, client_id: clientId
      }).then(function (answer) {
        if (answer.status === 201 || answer.status === 200) {
          show(h("p", { class: "done", role: "status", tabindex: "-1" }, t("left")));
          body.firstChild.focus();
        } else {
          button.disabled = false;
          error(problem, (answer.data && answer.data.message) || t("error"));
        }
      }, function () {
        button.disabled = false;
        error(problem, t("error"));
      });
    } },
      h("p", { class: "unavailable", id: "unavailable", "data-reason": reason || "down" },
        t(reason || "down")),
      reason === "queue_full" ? waitText(status.expected_wait_seconds) : null,
      hours.length ? h("div", { class: "opening" }, h("h3", {}, t("hours")), hoursList) : null,
      h("p", {}, t("leave")),
      verifiedName ? h("p", { class: "identity verified" }, t("verified", { name: verifiedName }))
        : h("div", { class: "who" },
          h("label", { for: "left-name" }, t("nameReq")), name,
          h("label", { for: "left-email" }, t("emailReq")), email),
      h("label", { for: "left-body" }, t("message")), message,
      problem, button);
    if (verifiedName) message.setAttribute("data-autofocus", "");
    show(form);
  }

  // ---- the conversation ----------------------------------------------------------------

  var log = h("ol", { class: "log", id: "log", role: "log", "aria-live": "polite",
    "aria-label": t("title") });
  var stateLine = h("p", { class: "state", id: "chat-state", "aria-live": "polite" });
  var typingLine = h("p", { class: "typing", id: "typing" });
  var composer = h("textarea", { id: "composer", rows: "2", maxlength: "4000",
    "aria-label": t("composer"), placeholder: t("composer"), "data-autofocus": true,
    oninput: typing, onkeydown: function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        sendText();
      }
    } });
  var fileInput = h("input", { type: "file", id: "file", accept: FILE_TYPES.join(","),
    tabindex: "-1", hidden: true, onchange: function () {
      if (fileInput.files[0]) sendFile(fileInput.files[0]);
      fileInput.value = "";
    } });
  var chatProblem = h("p", { class: "error", role: "alert", id: "chat-error" });
  var transcriptButton = h("button", { type: "button", class: "link", id: "transcript",
    onclick: emailTranscript }, t("transcript"));
  var tools = h("div", { class: "tools" }, transcriptButton,
    h("button", { type: "button", class: "link", id: "end", onclick: endChat }, t("end")));
  var composeForm = h("form", { class: "compose", onsubmit: function (event) {
    event.preventDefault();
    sendText();
  } },
    h("button", { type: "button", class: "icon", id: "attach", "aria-label": t("attach"),
      title: t("attach"), onclick: function () { fileInput.click(); } }, svg(ICON_CLIP)),
    composer, fileInput,
    h("button", { type: "submit", class: "icon send", id: "send", "aria-label": t("send"),
      title: t("send") }, svg(ICON_SEND)));
  var rateForm = h("form", { class: "rate", id: "rate", novalidate: true, hidden: true,
    onsubmit: sendRating });
  var endedBox = h("div", { class: "ended", id: "ended" },
    h("p", {}, t("ended")), rateForm,
    h("button", { type: "button", class: "primary", id: "new-chat", onclick: newChat },
      t("newChat")));
  var chatView = h("div", { class: "chat" }, stateLine, notice, log, typingLine, chatProblem,
    composeForm, tools, endedBox);
  var rendered = {}; // message key -> <li>

  function showChat() {
    if (body.firstChild !== chatView) show(chatView);
    renderState();
    chat.messages.forEach(render);
    chat.outbox.forEach(render);
    log.scrollTop = log.scrollHeight;
  }

  function renderState() {
    var ended = chat.state === "ended";
    stateLine.textContent = ended ? t("ended") : chat.state === "active"
      ? t("active", { agent: chat.agent || t("someone") }) : t("waiting");
    stateLine.setAttribute("data-state", chat.state);
    composeForm.hidden = ended;
    tools.hidden = ended;
    endedBox.hidden = !ended;
    transcriptButton.hidden = !chat.verified;
    if (ended) typingLine.textContent = "";
    if (ended) loadRating();
    else rateForm.hidden = true;
  }

  function keyOf(message) {
    return message.client_id ? "c:" + message.client_id : "s:" + message.id;
  }

  function upsert(message) {
    var key = keyOf(message);
    var list = chat.messages, found = -1;
    for (var i = 0; i < list.length; i++) {
      if (keyOf(list[i]) === key || (message.id && list[i].id === message.id)) { found = i; break; }
    }
    if (found >= 0) list[found] = Object.assign({}, list[found], message);
    else list.push(message);
    list.sort(function (a, b) { return a.seq - b.seq; });
    if (message.client_id) dropFromOutbox(message.client_id);
    // Resume after the last seq with none missing before it: an ack (seq 4) can come before
    // a message written while the socket was down (seq 3), which must still be asked for.
    var held = {};
    list.forEach(function (m) { if (m.seq) held[m.seq] = true; });
    while (held[chat.lastSeq + 1]) chat.lastSeq++;
    render(found >= 0 ? list[found] : message);
  }

  function dropFromOutbox(clientId) {
    chat.outbox = chat.outbox.filter(function (item) { return item.client_id !== clientId; });
    delete attachments[clientId];
  }

  function render(message) {
    if (body.firstChild !== chatView) return;
    var key = keyOf(message);
    var li = rendered[key];
    var sender = message.sender || "customer";
    var stateText = sender === "customer" ? t(message.state || "pending") : "";
    if (!li) {
      li = h("li", { class: "message " + sender, "data-client-id": message.client_id || null });
      rendered[key] = li;
      var placed = false;
      if (message.seq) {
        for (var node = log.firstChild; node; node = node.nextSibling) {
          var seq = Number(node.getAttribute("data-seq") || Infinity);
          if (seq > message.seq) { log.insertBefore(li, node); placed = true; break; }
        }
      }
      if (!placed) log.append(li);
      if (sender !== "system") {
        li.append(h("span", { class: "author" },
          sender === "customer" ? t("you") : (message.author || t("someone"))));
      }
      li.append(h("p", { class: "text" }, message.body || ""));
      var file = attachmentOf(message);
      if (file) li.append(file);
      li.append(h("span", { class: "meta" }, h("time", {}, clock(message.sent_at)),
        h("span", { class: "delivery", "aria-hidden": "true" })));
      log.scrollTop = log.scrollHeight;
    }
    if (message.seq) li.setAttribute("data-seq", message.seq);
    li.setAttribute("data-state", message.state || "pending");
    li.querySelector(".delivery").textContent = stateText;
    var time = li.querySelector("time");
    if (message.sent_at && !time.textContent) time.textContent = clock(message.sent_at);
    var previous = li.querySelector(".attachment");
    if (message.attachment && previous && previous.tagName === "SPAN") {
      previous.replaceWith(attachmentOf(message));
    }
  }

  function attachmentOf(message) {
    var file = message.attachment;
    if (!file) return null;
    if (!file.url) return h("span", { class: "attachment" }, file.name);
    var url = new URL(file.url, ORIGIN).href;
    var link = h("a", { class: "attachment", href: url, target: "_blank", rel: "noopener" });
    if (/^image\//.test(file.type)) link.append(h("img", { src: url, alt: file.name }));
    else link.append(file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " kB)");
    return link;
  }

  function clock(iso) {
    if (!iso) return "";
    var d = new Date(iso);
    return isNaN(d) ? "" : d.toLocaleTimeString(LANG, { hour: "2-digit", minute: "2-digit" });
  }

  // ---- sending: the outbox -------------------------------------------------------------

  function sendText() {
    var text = composer.value.trim();
    if (!text || !chat || chat.state === "ended") return;
    composer.value = "";
    var item = { client_id: newId(), body: text, sender: "customer", state: "pending",
      queued: Date.now() };
    chat.outbox.push(item);
    save();
    render(item);
    deliver(item);
  }

  function deliver(item) {
    item.tried = Date.now();
    if (attachments[item.client_id]) return upload(item);
    if (socket && socket.readyState === 1) {
      socket.send(JSON.stringify({ type: "message", client_id: item.client_id, body: item.body }));
    } else {
      post(item);
    }
    scheduleRetry();
  }

  function post(item) {
    request("POST", "conversations/" + chat.token + "/messages",
      { client_id: item.client_id, body: item.body }).then(function (answer) {
      if (answer.status === 200 || answer.status === 201) {
        upsert(Object.assign({}, item, answer.data, { sender: "customer", body: item.body,
          state: (answer.data && answer.data.state) || "sent" }));
        save();
      } else if (answer.status === 404 || answer.status === 410) {
        gone();
      } else if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
        dropFromOutbox(item.client_id);
        failed(item, answer.data);
      }
    }, function () { /* offline: the retry timer tries again */ });
  }

  function failed(item, data) {
    var li = rendered[keyOf(item)];
    if (li) {
      li.setAttribute("data-state", "failed");
      li.querySelector(".delivery").textContent = t("notSent");
    }
    error(chatProblem, (data && (data.message || data.detail)) || t("error"));
    save();
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      if (!chat) return;
      var now = Date.now();
      chat.outbox.forEach(function (item) {
        if (now - (item.tried || 0) >= RETRY_AFTER) {
          item.tried = now;
          if (attachments[item.client_id]) upload(item);
          else post(item); // idempotent on client_id: a late ack and this answer are one message
        }
      });
      if (chat.outbox.length) scheduleRetry();
    }, RETRY_AFTER);
  }

  function sendFile(file) {
    error(chatProblem, "");
    if (FILE_TYPES.indexOf(file.type) < 0) return error(chatProblem, t("badType"));
    var limit = (status && status.max_attachment_bytes) || MAX_FILE;
    if (file.size > limit) {
      return error(chatProblem, t("tooBig", { n: Math.round(limit / 1024 / 1024) }));
    }
    var item = { client_id: newId(), body: "", sender: "customer", state: "pending",
      attachment: { name: file.name, type: file.type, size: file.size } };
    attachments[item.client_id] = file;
    chat.outbox.push(item);
    render(item);
    deliver(item);
  }

  function upload(item) {
    var form = new FormData();
    form.append("file", attachments[item.client_id]);
    form.append("client_id", item.client_id);
    request("POST", "conversations/" + chat.token + "/attachments", form).then(function (answer) {
      if (answer.status === 200 || answer.status === 201) {
        upsert(Object.assign({ sender: "customer" }, answer.data, {
          state: (answer.data && answer.data.state) || "sent" }));
        save();
      } else if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
        dropFromOutbox(item.client_id);
        failed(item, answer.data);
      }
    }, function () { /* the retry timer tries again */ });
    scheduleRetry();
  }

  function typing() {
    var now = Date.now();
    if (now - lastTypingSent < TYPING_EVERY || !socket || socket.readyState !== 1) return;
    lastTypingSent = now;
    socket.send(JSON.stringify({ type: "typing" }));
  }

  function markRead() {
    if (!chat || !isOpen || document.visibilityState === "hidden") return;
    var upto = 0;
    chat.messages.forEach(function (m) {
      if (m.sender !== "customer" && m.seq > upto) upto = m.seq;
    });
    if (upto <= chat.readSeq) return;
    chat.readSeq = upto;
    save();
    if (socket && socket.readyState === 1) {
      socket.send(JSON.stringify({ type: "read", seq: upto }));
    } else {
      request("POST", "conversations/" + chat.token + "/read", { seq: upto }).catch(function () {});
    }
  }
  document.addEventListener("visibilitychange", markRead);

  function emailTranscript() {
    request("POST", "conversations/" + chat.token + "/transcript").then(function (answer) {
      notice.textContent = answer.status === 202 ? t("transcriptSent") : t("error");
    }, function () { notice.textContent = t("error"); });
  }

  function endChat() {
    request("POST", "conversations/" + chat.token + "/end").then(function (answer) {
      if (answer.status < 300) setState("ended", chat.agent);
      else error(chatProblem, t("error"));
    }, function () { error(chatProblem, t("error")); });
  }

  // ---- the rating at the end (the feedback app's endpoint, decision 47) ----------------

  function loadRating() {
    var token = chat.token;
    if (chat.rated === token) return;
    chat.rated = token;
    request("GET", "conversations/" + token + "/rating").then(function (answer) {
      if (answer.status === 200 && answer.data.offered && chat && chat.token === token) {
        showRating(answer.data);
      }
    }, function () { chat.rated = null; });
  }

  function showRating(data) {
    var scores = h("div", { class: "scores" });
    for (var n = 1; n <= 5; n++) {
      var name = t("rateOf", { n: n }) + (n === 1 ? ", " + t("rateLow") : n === 5
        ? ", " + t("rateHigh") : "");
      scores.append(h("label", { class: "score" },
        h("input", { type: "radio", name: "score", value: String(n), id: "rate-" + n,
          "aria-label": name, checked: data.score === n }),
        h("span", { "aria-hidden": "true" }, String(n))));
    }
    var comment = h("textarea", { id: "rate-comment", rows: "2", maxlength: "2000" });
    comment.value = data.comment || "";
    rateForm.replaceChildren(
      h("fieldset", { "aria-describedby": "rate-ends" },
        h("legend", {}, data.question), scores,
        h("p", { class: "ends", id: "rate-ends" }, h("span", {}, "1: " + t("rateLow")),
          h("span", {}, "5: " + t("rateHigh")))),
      h("label", { for: "rate-comment" }, data.comment_prompt), comment,
      h("p", { class: "error", role: "alert", id: "rate-error" }),
      h("button", { type: "submit", class: "primary", id: "rate-send" }, t("rateSend")),
      h("p", { class: "thanks", role: "status", id: "rate-thanks" },
        data.score ? t("rateThanks") : ""));
    rateForm.hidden = false;
    if (!data.changeable) rateForm.querySelectorAll("input,textarea,button").forEach(
      function (el) { el.disabled = true; });
  }

  function sendRating(event) {
    event.preventDefault();
    var problem = rateForm.querySelector("#rate-error");
    var thanks = rateForm.querySelector("#rate-thanks");
    var chosen = rateForm.querySelector("input[name=score]:checked");
    problem.textContent = thanks.textContent = "";
    if (!chosen) return error(problem, t("invalid"));
    request("POST", "conversations/" + chat.token + "/rating", {
      score: Number(chosen.value), comment: rateForm.querySelector("#rate-comment").value
    }).then(function (answer) {
      if (answer.status === 200) thanks.textContent = t("rateThanks");
      else error(problem, (answer.data && answer.data.message) || t("error"));
    }, function () { error(problem, t("error")); });
  }

  function newChat() {
    disconnect();
    chat = null;
    forget();
    log.replaceChildren();
    rendered = {};
    notice.textContent = "";
    refreshStatus().then(function () {
      showStart();
      focusFirst();
    });
  }

  function gone() {
    // The conversation is no more (its token expired): start over, honestly.
    disconnect();
    chat = null;
    forget();
    log.replaceChildren();
    rendered = {};
    if (isOpen) refreshStatus().then(function () {
      showStart();
      focusFirst();
    });
  }

  function setState(state, agent) {
    chat.state = state;
    if (agent !== undefined) chat.agent = agent;
    save();
    renderState();
    if (state === "ended") disconnect();
  }

  // ---- receiving: the socket, and polling while it is down -----------------------------

  function connect() {
    if (!chat || chat.state === "ended" || socket) return;
    clearTimeout(socketTimer);
    var url = ORIGIN.replace(/^http/, "ws") + "/ws/chat/?token=" +
      encodeURIComponent(chat.token) + "&after=" + chat.lastSeq;
    var ws;
    try { ws = new WebSocket(url); } catch (e) { return reconnectLater(); }
    socket = ws;
    ws.onopen = function () {
      socketBackoff = 1000;
      notice.textContent = "";
      stopPolling();
      chat.outbox.forEach(deliver); // the same client ids: the server keeps one of each
      markRead();
    };
    ws.onmessage = function (event) {
      var data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      receive(data);
    };
    ws.onclose = function (event) {
      if (socket !== ws) return;
      socket = null;
      if (event.code === 4404 || event.code === 4403) return gone();
      if (chat && chat.state !== "ended") {
        if (isOpen) notice.textContent = t("reconnecting");
        reconnectLater();
      }
    };
  }

  function reconnectLater() {
    startPolling();
    clearTimeout(socketTimer);
    socketTimer = setTimeout(connect, socketBackoff);
    socketBackoff = Math.min(socketBackoff * 2, 30000);
  }

  function disconnect() {
    clearTimeout(socketTimer);
    stopPolling();
    if (socket) {
      var ws = socket;
      socket = null;
      ws.close();
    }
  }

  window.addEventListener("online", function () {
    if (chat && !socket) {
      socketBackoff = 1000;
      connect();
    }
  });

  function receive(data) {
    if (!chat) return;
    if (data.type === "message" && data.message) {
      upsert(data.message);
      if (data.message.sender === "agent") {
        typingLine.textContent = "";
        if (!isOpen) {
          launcher.classList.add("unread");
          launcher.querySelector("#unread").textContent = " (" + t("newMessage") + ")";
        }
      }
      markRead();
    } else if (data.type === "ack") {
      var item = chat.outbox.filter(function (m) { return m.client_id === data.client_id; })[0];
      if (item) upsert(Object.assign({}, item, { seq: data.seq, state: data.state || "sent" }));
    } else if (data.type === "typing" && data.sender !== "customer") {
      typingLine.textContent = t("typing", { agent: chat.agent || t("someone") });
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typingLine.textContent = ""; }, TYPING_SHOWN);
    } else if (data.type === "read" || data.type === "delivered") {
      chat.messages.forEach(function (m) {
        if (m.sender === "customer" && m.seq <= data.upto &&
          (data.type === "read" || m.state !== "read")) {
          m.state = data.type;
          render(m);
        }
      });
    } else if (data.type === "state") {
      setState(data.state, data.agent);
    } else if (data.type === "error") {
      var refused = data.client_id && chat.outbox.filter(function (m) {
        return m.client_id === data.client_id;
      })[0];
      if (refused && data.code !== "rate_limited") {
        dropFromOutbox(refused.client_id); // refused for good: trying again changes nothing
        failed(refused, data);
      } else {
        error(chatProblem, data.message || t("error"));
      }
    }
    save();
  }

  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(poll, 5000);
  }
  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }
  function poll() {
    if (!chat) return;
    return request("GET", "conversations/" + chat.token + "/messages?after=" + chat.lastSeq)
      .then(function (answer) {
        if (answer.status === 404 || answer.status === 410) return gone();
        if (answer.status !== 200 || !chat) return;
        (answer.data.messages || []).forEach(upsert);
        if (answer.data.state && (answer.data.state !== chat.state ||
          answer.data.agent !== chat.agent)) setState(answer.data.state, answer.data.agent);
        markRead();
        save();
      }, function () { /* still offline */ });
  }

  // ---- start ---------------------------------------------------------------------------

  // The button shows once the status is in: a site the widget does not list (its answers are
  // withheld by the browser), a wrong key or no network shows no button that cannot work.
  // Tried again later, and when the network comes back.
  var warned = false;
  function firstStatus(wait) {
    request("GET", KEY + "/status?lang=" + LANG).then(function (answer) {
      if (answer.status !== 200) throw new Error(answer.data && answer.data.message);
      status = answer.data;
      applyLook();
      host.setAttribute("data-ready", "");
    }).catch(function (problem) {
      if (!warned) {
        warned = true;
        window.console.warn("Lytte chat: no status from " + ORIGIN + " for this site (" +
          (problem && problem.message) + "); is its origin among the widget's allowed origins?");
      }
      var again = function () {
        window.removeEventListener("online", again);
        clearTimeout(timer);
        if (!host.hasAttribute("data-ready")) firstStatus(Math.min(wait * 2, 300000));
      };
      var timer = setTimeout(again, wait);
      window.addEventListener("online", again);
    });
  }

  function start() {
    root.append(styles(), launcher, panel);
    document.body.appendChild(host);
    var stored = load();
    applyLook();
    firstStatus(5000);
    if (stored && stored.token) {
      chat = stored;
      // A file being sent went with the page that had it; text waits in the outbox.
      chat.outbox = (chat.outbox || []).filter(function (item) { return !item.attachment; });
      chat.messages = chat.messages || [];
      // Resume: what came while the page was away, then live from the last seq we hold.
      poll().then(function () {
        if (chat) connect();
        if (chat) chat.outbox.forEach(deliver);
      });
      if (stored.open) open(true);
    }
  }

  var CSS = [
    ":host{all:initial}",
    // Sizes in px and em of our own: the host page's font sizes (and html's) stay outside.
    ".launcher,.panel{position:fixed;z-index:2147483000;bottom:16px;right:16px;",
    "font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2733;",
    "text-align:left;letter-spacing:normal;text-transform:none}",
    ":host([data-position=left]) .launcher,:host([data-position=left]) .panel{right:auto;left:16px}",
    "*{box-sizing:border-box}",
    "[hidden]{display:none!important}",
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}",
    "svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:2;",
    "stroke-linecap:round;stroke-linejoin:round}",
    "button,input,textarea{font:inherit;color:inherit}",
    ".launcher{display:flex;align-items:center;gap:8px;border:0;border-radius:999px;",
    "padding:12px 18px;background:var(--lc-brand);color:var(--lc-on-brand);cursor:pointer;",
    "box-shadow:0 4px 14px rgba(0,0,0,.25);font-weight:600}",
    ".launcher svg{fill:currentColor;stroke:none}",
    ".launcher.unread::after{content:'';width:10px;height:10px;border-radius:50%;",
    "background:#c4231b;border:2px solid #fff}",
    ":host([data-open]) .launcher{display:none}",
    ":host(:not([data-ready])) .launcher{visibility:hidden}",
    "button:focus-visible,a:focus-visible,input:focus-visible,textarea:focus-visible,",
    "h2:focus-visible{outline:3px solid #1d2733;outline-offset:2px;box-shadow:0 0 0 5px #fff}",
    ".panel{width:380px;max-width:calc(100vw - 32px);",
    "height:600px;max-height:calc(100vh - 32px);display:flex;flex-direction:column;",
    "background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3)}",
    "header{display:flex;align-items:center;justify-content:space-between;gap:8px;",
    "padding:10px 12px 10px 16px;background:var(--lc-brand);color:var(--lc-on-brand)}",
    "h2{margin:0;font-size:1.1em}",
    "h3{margin:.5em 0 .25em;font-size:1em}",
    ".icon{display:inline-flex;align-items:center;justify-content:center;min-width:44px;",
    "min-height:44px;border:0;border-radius:8px;background:transparent;cursor:pointer}",
    ".body{flex:1;overflow:auto;display:flex;flex-direction:column}",
    "form.start,form.offline,.done{padding:16px;display:flex;flex-direction:column;gap:6px}",
    "label{font-weight:600;font-size:.95em;margin-top:6px}",
    "input,textarea{width:100%;border:1px solid #6b7785;border-radius:6px;padding:8px 10px;",
    "background:#fff}",
    "textarea{resize:vertical}",
    "p{margin:0 0 .4em}",
    ".greeting{font-size:1.05em}",
    ".identity{font-size:.9em;color:#46505c;margin-top:6px}",
    ".identity.verified{color:#1d2733;font-weight:600}",
    ".who{display:flex;flex-direction:column;gap:6px}",
    ".primary{margin-top:10px;border:0;border-radius:8px;padding:12px 16px;min-height:44px;",
    "background:var(--lc-brand);color:var(--lc-on-brand);font-weight:600;cursor:pointer}",
    ".primary:disabled{opacity:.7;cursor:wait}",
    ".link{border:0;background:none;padding:10px 4px;min-height:44px;color:var(--lc-accent);",
    "text-decoration:underline;cursor:pointer}",
    "a{color:var(--lc-accent)}",
    ".articles ul{margin:0;padding-left:1.2em}",
    ".articles li{margin:.2em 0}",
    ".error{color:#b3261e;margin:0}",
    ".error:empty,.notice:empty,.typing:empty{display:none}",
    ".unavailable{font-weight:600;font-size:1.05em}",
    ".hours{margin:0 0 .5em;padding-left:1.2em}",
    ".wait{color:#46505c}",
    ".chat{display:flex;flex-direction:column;flex:1;min-height:0}",
    ".state{margin:0;padding:8px 16px;background:#f1f3f5;font-size:.9em;color:#2b3540}",
    ".notice{margin:0;padding:6px 16px;background:#fff4d6;font-size:.9em}",
    ".log{list-style:none;margin:0;padding:12px 16px;flex:1;overflow-y:auto;display:flex;",
    "flex-direction:column;gap:10px}",
    ".message{max-width:85%;padding:8px 12px;border-radius:12px;background:#f1f3f5}",
    ".message.customer{align-self:flex-end;background:var(--lc-brand);color:var(--lc-on-brand)}",
    ".message.customer a{color:inherit}",
    ".message.system{align-self:center;background:none;font-style:italic;color:#46505c}",
    ".message[data-state=failed]{outline:2px solid #b3261e}",
    ".author{display:block;font-size:.8em;font-weight:600}",
    ".text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".text:empty{display:none}",
    ".attachment{display:block;margin-top:4px;overflow-wrap:anywhere}",
    ".attachment img{max-width:100%;max-height:200px;border-radius:6px;display:block}",
    ".meta{display:flex;gap:8px;justify-content:flex-end;font-size:.75em}",
    ".typing{margin:0;padding:0 16px 4px;font-size:.9em;color:#46505c;font-style:italic}",
    ".chat>.error{padding:0 16px}",
    ".compose{display:flex;align-items:flex-end;gap:4px;padding:8px;border-top:1px solid #d5dae0}",
    ".compose textarea{flex:1;min-height:44px;max-height:140px}",
    ".send{color:var(--lc-accent)}",
    ".tools{display:flex;flex-wrap:wrap;justify-content:space-between;padding:0 12px 4px}",
    ".ended{padding:12px 16px;border-top:1px solid #d5dae0}",
    ".rate{display:flex;flex-direction:column;gap:6px;margin:8px 0}",
    ".rate fieldset{border:0;padding:0;margin:0;min-width:0}",
    ".rate legend{font-weight:600;padding:0;margin-bottom:6px}",
    ".scores{display:flex;gap:6px}",
    ".score{flex:1;margin:0;position:relative}",
    ".score input{position:absolute;opacity:0;width:1px;height:1px}",
    ".score span{display:flex;align-items:center;justify-content:center;min-height:44px;",
    "border:1px solid #6b7785;border-radius:8px;cursor:pointer}",
    ".score input:checked+span{background:var(--lc-brand);color:var(--lc-on-brand);",
    "border-color:var(--lc-brand)}",
    ".score input:focus-visible+span{outline:3px solid #1d2733;outline-offset:2px}",
    ".ends{display:flex;justify-content:space-between;gap:8px;font-size:.8em;color:#46505c;",
    "margin:4px 0 0}",
    ".thanks{font-weight:600;margin:0}.thanks:empty{display:none}",
    "@media (max-width:480px){.launcher{bottom:12px;right:12px}",
    ":host([data-position=left]) .launcher{left:12px}",
    ".panel,:host([data-position=left]) .panel{inset:0;width:100%;max-width:none;height:100%;",
    "max-height:none;border-radius:0}}",
    "@media (prefers-reduced-motion:no-preference){.launcher{transition:transform .15s}",
    ".launcher:hover{transform:translateY(-2px)}}"
  ].join("");

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
