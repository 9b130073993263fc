/*
 * Concierge chat widget. Plain JavaScript: no build step, no framework, no dependencies.
 *
 * Embed with one tag (the chat server serves this file):
 *   <script src="https://chat.example/widget.js" data-title="Your shop" defer></script>
 * Optional attributes: data-subtitle, data-accent (a CSS colour).
 *
 * Every message is put on the page as text (textContent and text nodes), never parsed as HTML.
 * Replies may carry cards (a parcel, an order's items, a reference), drawn the same way; their
 * links are followed only when they are https. The session id lives in sessionStorage, so a
 * reload resumes the same chat.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__conciergeWidget) return;
  window.__conciergeWidget = true;

  var origin = new URL(script.src, location.href).origin;
  var title = script.getAttribute("data-title") || "Chat with us";
  var subtitle = script.getAttribute("data-subtitle") || "We're here to help";
  var accent = script.getAttribute("data-accent");
  var storageKey = "concierge:" + origin;
  var KEEP_LOG = 150;
  var KEEP_SEEN = 400;

  // ---- State: what the shopper has seen, kept across reloads of the tab ----

  function blank() {
    return { session: null, last: 0, seen: [], log: [], quick: [], open: false, unread: 0 };
  }

  function load() {
    try {
      var s = JSON.parse(sessionStorage.getItem(storageKey) || "null");
      if (s && typeof s === "object" && Array.isArray(s.log) && Array.isArray(s.seen)) {
        return Object.assign(blank(), s);
      }
    } catch (e) { /* unreadable or blocked storage: start afresh */ }
    return blank();
  }

  var state = load();
  var seen = new Set(state.seen);

  function save() {
    state.seen = state.seen.slice(-KEEP_SEEN);
    state.log = state.log.slice(-KEEP_LOG);
    try { sessionStorage.setItem(storageKey, JSON.stringify(state)); } catch (e) { /* storage full or blocked */ }
  }

  // ---- Elements ----

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function icon(paths, size) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", size || "22");
    svg.setAttribute("height", size || "22");
    svg.setAttribute("aria-hidden", "true");
    paths.forEach(function (d) {
      var p = document.createElementNS(ns, "path");
      p.setAttribute("d", d);
      svg.appendChild(p);
    });
    return svg;
  }

  var host = el("div");
  host.id = "concierge-widget";
  if (accent) host.style.setProperty("--cw-accent", accent);
  var root = host.attachShadow({ mode: "open" });
  var sheet = el("link");
  sheet.rel = "stylesheet";
  sheet.href = origin + "/widget.css";
  root.appendChild(sheet);

  var launcher = el("button", "cw-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-controls", "cw-panel");
  launcher.appendChild(icon(["M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.2 3.6c-.5.4-1.3.1-1.3-.6V16A2.5 2.5 0 0 1 4 13.5z"]));
  var launcherLabel = el("span", "cw-launcher-label", "Chat with us");
  launcher.appendChild(launcherLabel);
  var badge = el("span", "cw-badge");
  badge.hidden = true;
  launcher.appendChild(badge);

  var panel = el("section", "cw-panel");
  panel.id = "cw-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title + " chat");
  panel.hidden = true;

  var header = el("header", "cw-header");
  var heading = el("div", "cw-heading");
  heading.appendChild(el("p", "cw-title", title));
  heading.appendChild(el("p", "cw-subtitle", subtitle));
  header.appendChild(heading);
  var endButton = el("button", "cw-end", "End chat");
  endButton.type = "button";
  header.appendChild(endButton);
  var closeButton = el("button", "cw-close");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", "Minimise chat");
  closeButton.appendChild(icon(["M6 9.5l6 6 6-6"], "20"));
  header.appendChild(closeButton);

  var log = el("div", "cw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  var typing = el("div", "cw-typing");
  typing.setAttribute("aria-label", "The assistant is typing");
  typing.appendChild(el("span"));
  typing.appendChild(el("span"));
  typing.appendChild(el("span"));
  typing.hidden = true;
  var status = el("p", "cw-status");
  status.setAttribute("role", "status");
  status.hidden = true;
  var quick = el("div", "cw-quick");

  var form = el("form", "cw-form");
  var input = el("input", "cw-input");
  input.type = "text";
  input.maxLength = 4000;
  input.autocomplete = "off";
  input.placeholder = "Type your message…";
  input.setAttribute("aria-label", "Your message");
  var sendButton = el("button", "cw-send");
  sendButton.type = "submit";
  sendButton.setAttribute("aria-label", "Send");
  sendButton.appendChild(icon(["M3.4 20.4l17.4-7.5c.8-.4.8-1.5 0-1.8L3.4 3.6c-.7-.3-1.4.3-1.2 1l1.9 6.2 8.4 1.2-8.4 1.2-1.9 6.2c-.2.7.5 1.3 1.2 1z"], "20"));
  form.appendChild(input);
  form.appendChild(sendButton);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(status);
  panel.appendChild(quick);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);

  // ---- Showing messages (always as text) ----

  var URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

  /** Appends `text` to `node` as text nodes, with web addresses as links. */
  function appendText(node, text) {
    var last = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text))) {
      var url = match[0].replace(/[.,;:!?)\]]+$/, "");
      if (match.index > last) node.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = el("a", null, url);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      node.appendChild(link);
      last = match.index + url.length;
      URL_PATTERN.lastIndex = last;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---- Cards: a parcel, an order's items, a reference ----

  var locale = document.documentElement.lang || undefined;
  var dayFormat = new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
  var momentFormat = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

  /** "Tue 24 Nov" for "2026-11-24" (a day on the shop's calendar, the same everywhere). */
  function formatDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) return null;
    return dayFormat.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
  }

  /** "21 Nov, 14:03" in the shopper's own time, for a scan's time in UTC. */
  function formatMoment(text) {
    var time = Date.parse(text || "");
    return isNaN(time) ? null : momentFormat.format(new Date(time));
  }

  /** The link when it is an https address; null for anything else (javascript:, http:, junk). */
  function safeLink(text) {
    if (typeof text !== "string") return null;
    try {
      var url = new URL(text);
      return url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function str(v) { return typeof v === "string" ? v : null; }
  function num(v) { return typeof v === "number" && isFinite(v) ? v : null; }

  /** The cards of a reply, each copied field by field and checked, so only known shapes are kept. */
  function cardsOf(reply) {
    if (!Array.isArray(reply.cards)) return [];
    var cards = [];
    reply.cards.forEach(function (c) {
      if (!c || typeof c !== "object") return;
      if (c.type === "parcel" && str(c.carrier) && str(c.tracking_number)) {
        var event = c.last_event && typeof c.last_event === "object" && str(c.last_event.description) ? {
          time: str(c.last_event.time), description: c.last_event.description, location: str(c.last_event.location)
        } : null;
        cards.push({
          type: "parcel", order: str(c.order), index: num(c.index), count: num(c.count),
          items: Array.isArray(c.items) ? c.items.filter(str) : [], carrier: c.carrier, tracking_number: c.tracking_number,
          tracking_url: safeLink(c.tracking_url), state: str(c.state), expected: str(c.expected), delivered: str(c.delivered),
          last_event: event
        });
      } else if (c.type === "items" && Array.isArray(c.items)) {
        cards.push({
          type: "items", order: str(c.order),
          items: c.items.filter(function (i) { return i && typeof i === "object" && str(i.name); }).map(function (i) {
            return { name: i.name, quantity: num(i.quantity), return_status: str(i.return_status), until: str(i.until) };
          })
        });
      } else if (c.type === "reference" && str(c.reference)) {
        cards.push({ type: "reference", kind: str(c.kind), reference: c.reference, order: str(c.order) });
      }
    });
    return cards;
  }

  var PARCEL_STATES = {
    preparing: "Being packed",
    in_transit: "On its way",
    out_for_delivery: "Out for delivery",
    late: "Running late",
    overdue: "Overdue",
    delivered: "Delivered"
  };

  /** A label and its value, as one line of a card's facts. */
  function fact(list, label, value) {
    if (!value) return;
    list.appendChild(el("dt", null, label));
    list.appendChild(el("dd", null, value));
  }

  function parcelCard(c) {
    var name = c.count > 1 && c.index ? "Parcel " + c.index + " of " + c.count : "Your parcel";
    var card = el("div", "cw-card cw-card-parcel");
    card.setAttribute("role", "group");
    card.setAttribute("aria-label", name + ", " + c.carrier);
    var head = el("div", "cw-card-head");
    var title = el("p", "cw-card-title", name);
    title.appendChild(el("span", "cw-card-carrier", " · " + c.carrier));
    head.appendChild(title);
    if (PARCEL_STATES[c.state]) head.appendChild(el("span", "cw-state cw-state-" + c.state, PARCEL_STATES[c.state]));
    card.appendChild(head);
    if (c.items.length) card.appendChild(el("p", "cw-card-items", c.items.join(" · ")));
    var facts = el("dl", "cw-facts");
    if (c.state === "delivered") {
      fact(facts, "Delivered", formatDay(c.delivered));
    } else {
      fact(facts, c.state === "late" || c.state === "overdue" ? "Was due" : "Expected", formatDay(c.expected));
    }
    if (c.last_event) {
      var when = formatMoment(c.last_event.time);
      var what = c.last_event.description + (c.last_event.location ? ", " + c.last_event.location : "");
      fact(facts, "Latest", when ? when + " · " + what : what);
    }
    if (facts.firstChild) card.appendChild(facts);
    // The tracking number, and the carrier's page to follow it.
    var foot = el("div", "cw-card-foot");
    var number = el("p", "cw-tracking");
    number.appendChild(el("span", "cw-tracking-label", "Tracking "));
    number.appendChild(el("span", "cw-tracking-number", c.tracking_number));
    foot.appendChild(number);
    if (c.tracking_url) {
      var track = el("a", "cw-track", "Track");
      track.href = c.tracking_url;
      track.target = "_blank";
      track.rel = "noopener noreferrer";
      track.setAttribute("aria-label", "Track " + name.toLowerCase() + " with " + c.carrier + " (opens in a new tab)");
      track.appendChild(icon(["M14 4h6v6", "M20 4l-9 9", "M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5"], "16"));
      foot.appendChild(track);
    }
    card.appendChild(foot);
    return card;
  }

  /** Why an item can't go back now, in a few words. */
  function returnNote(item) {
    switch (item.return_status) {
      case "window_closed":
        var closed = formatDay(item.until);
        return closed ? "Return window closed " + closed : "Return window closed";
      case "final_sale": return "Final sale";
      case "excluded_category": return "This kind of item can't be returned";
      case "not_delivered": return "Not delivered yet";
      case "already_returned": return "Already returned";
      case "order_cancelled": return "Order cancelled";
      default: return null;
    }
  }

  function itemsCard(c) {
    var name = c.order ? "Order #" + c.order : "Your items";
    var card = el("div", "cw-card cw-card-items");
    card.setAttribute("role", "group");
    card.setAttribute("aria-label", name + ", items");
    card.appendChild(el("p", "cw-card-title", name));
    var list = el("ul", "cw-items");
    c.items.forEach(function (item) {
      var row = el("li", "cw-item");
      var label = el("span", "cw-item-name", item.name);
      if (item.quantity > 1) label.appendChild(el("span", "cw-item-qty", " × " + item.quantity));
      row.appendChild(label);
      var until = item.return_status === "returnable" ? formatDay(item.until) : null;
      if (item.return_status === "returnable") {
        row.appendChild(el("span", "cw-tag cw-tag-yes", until ? "Returnable until " + until : "Returnable"));
      } else {
        row.appendChild(el("span", "cw-tag cw-tag-no", "Not returnable"));
        var note = returnNote(item);
        if (note) row.appendChild(el("span", "cw-item-note", note));
      }
      list.appendChild(row);
    });
    card.appendChild(list);
    return card;
  }

  var REFERENCE_TITLES = {
    "return": "Return reference",
    cancel: "Cancellation request",
    change: "Change request",
    address_change: "Address change request",
    damaged: "Damage case",
    missing: "Missing item case",
    ticket: "Your ticket"
  };

  /** Puts `text` on the clipboard; falls back to selecting it, so the shopper can copy it themselves. */
  function copy(text, node) {
    function select() {
      var range = document.createRange();
      range.selectNodeContents(node);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try { return document.execCommand("copy"); } catch (e) { return false; }
    }
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, select);
    }
    return Promise.resolve(select());
  }

  function referenceCard(c) {
    var name = REFERENCE_TITLES[c.kind] || "Reference";
    var card = el("div", "cw-card cw-card-reference");
    card.setAttribute("role", "group");
    card.setAttribute("aria-label", name);
    card.appendChild(el("p", "cw-card-title", name));
    var row = el("div", "cw-ref-row");
    var ref = el("span", "cw-ref", c.reference);
    row.appendChild(ref);
    var button = el("button", "cw-copy", "Copy");
    button.type = "button";
    button.setAttribute("aria-label", "Copy " + c.reference);
    var said = el("span", "cw-sr");
    said.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copy(c.reference, ref).then(function (copied) {
        button.textContent = copied ? "Copied" : "Selected";
        said.textContent = copied ? c.reference + " copied" : c.reference + " selected: press Ctrl+C to copy it";
        setTimeout(function () { button.textContent = "Copy"; said.textContent = ""; }, 2500);
      });
    });
    row.appendChild(button);
    row.appendChild(said);
    card.appendChild(row);
    if (c.order) card.appendChild(el("p", "cw-card-sub", "Order #" + c.order));
    return card;
  }

  function renderCards(cards) {
    var box = el("div", "cw-cards");
    cards.forEach(function (c) {
      if (c.type === "parcel") box.appendChild(parcelCard(c));
      else if (c.type === "items") box.appendChild(itemsCard(c));
      else if (c.type === "reference") box.appendChild(referenceCard(c));
    });
    return box;
  }

  /** One entry of the conversation: who (you, bot, agent, notice, system), the text, and any cards. */
  function render(entry) {
    var node;
    // Checked again: the log comes back from sessionStorage.
    var cards = Array.isArray(entry.cards) && entry.cards.length ? cardsOf(entry) : null;
    if (cards && !cards.length) cards = null;
    if (entry.who === "notice" || entry.who === "system") {
      node = el("div", "cw-" + entry.who);
      appendText(node, entry.text);
      if (cards) node.appendChild(renderCards(cards));
    } else {
      node = el("div", "cw-msg cw-" + entry.who + (cards ? " cw-with-cards" : ""));
      if (entry.who === "agent") node.appendChild(el("p", "cw-from", "From our team"));
      var bubble = el("div", "cw-bubble");
      appendText(bubble, entry.text);
      node.appendChild(bubble);
      if (cards) node.appendChild(renderCards(cards));
    }
    log.insertBefore(node, typing);
    return node;
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  // A log read to its end stays at its end when the window changes size (a phone turned, a panel
  // gone full-screen).
  var atEnd = true;
  log.addEventListener("scroll", function () {
    atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  });
  window.addEventListener("resize", function () {
    if (atEnd) scrollDown();
  });

  function add(entry) {
    state.log.push(entry);
    render(entry);
    scrollDown();
  }

  function showQuick(options) {
    state.quick = options || [];
    while (quick.firstChild) quick.removeChild(quick.firstChild);
    state.quick.forEach(function (option) {
      var b = el("button", "cw-chip", option);
      b.type = "button";
      b.addEventListener("click", function () { send(option); });
      quick.appendChild(b);
    });
    quick.hidden = state.quick.length === 0;
  }

  function showStatus(text) {
    status.textContent = text || "";
    status.hidden = !text;
  }

  function showUnread() {
    badge.textContent = state.unread > 9 ? "9+" : String(state.unread);
    badge.hidden = state.open || state.unread === 0;
  }

  var WHO = { answer: "bot", clarify: "bot", fallback: "bot", prompt: "bot", handoff: "notice", agent: "agent" };

  /** Applies one server message (from an answer or the event stream), once per seq. */
  function apply(message) {
    if (!message || typeof message !== "object") return;
    if (typeof message.seq === "number") {
      if (seen.has(message.seq)) return;
      seen.add(message.seq);
      state.seen.push(message.seq);
      if (message.seq > state.last) state.last = message.seq;
    }
    if (message.type !== "opened" && message.type !== "reply") return;
    var replies = Array.isArray(message.replies) ? message.replies : [];
    if (replies.length === 0) return;
    var options = [];
    replies.forEach(function (r) {
      if (!r || typeof r.text !== "string") return;
      var cards = cardsOf(r);
      // With cards, the reply's lead stands for the text, which spells out what the cards show.
      var text = cards.length && typeof r.lead === "string" ? r.lead : r.text;
      add(cards.length ? { who: WHO[r.kind] || "bot", text: text, cards: cards } : { who: WHO[r.kind] || "bot", text: text });
      if (Array.isArray(r.quick_replies)) options = r.quick_replies.filter(function (q) { return typeof q === "string"; });
    });
    showQuick(options);
    if (!state.open) state.unread += replies.length;
    showUnread();
    save();
  }

  // ---- Talking to the server ----

  function post(path, body) {
    return fetch(origin + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.message || "HTTP " + response.status);
          error.status = response.status;
          error.code = data.code;
          throw error;
        }
        return data;
      });
    });
  }

  function applyAll(data) {
    if (data && Array.isArray(data.events)) data.events.forEach(apply);
  }

  var source = null;
  var starting = null;
  var retryDelay = 1000;
  var retryTimer = null;

  /** The event stream: pushes such as an agent's reply, and every answer too (deduplicated by seq). */
  function listen() {
    if (source) source.close();
    var url = origin + "/api/events?session=" + encodeURIComponent(state.session) + "&after=" + state.last;
    var stream = new EventSource(url);
    source = stream;
    stream.onopen = function () {
      retryDelay = 1000;
      showStatus("");
    };
    stream.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      apply(message);
    };
    stream.onerror = function () {
      if (source !== stream) return;
      if (stream.readyState === EventSource.CLOSED) {
        // The server refused the stream (an unknown session, too many requests): open the chat again after a pause.
        stream.close();
        source = null;
        showStatus("Reconnecting…");
        retryLater();
      } else {
        showStatus("Reconnecting…");
      }
    };
  }

  function retryLater() {
    if (retryTimer) return;
    retryTimer = setTimeout(function () {
      retryTimer = null;
      resume();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function forget() {
    if (source) source.close();
    source = null;
    state.session = null;
    state.last = 0;
    state.seen = [];
    seen = new Set();
    save();
  }

  /** A new chat: the server's greeting comes back in the answer. */
  function start() {
    if (starting) return starting;
    starting = post("/api/open", {}).then(function (data) {
      state.session = data.session;
      applyAll(data);
      save();
      listen();
    }).finally(function () { starting = null; });
    return starting;
  }

  /** The same chat after a reload or a lost connection: what was missed comes back. */
  function resume() {
    if (!state.session) return Promise.resolve();
    return post("/api/open", { session: state.session, after: state.last }).then(function (data) {
      applyAll(data);
      save();
      listen();
    }, function (error) {
      if (error.status === 404) {
        forget();
        add({ who: "system", text: "This chat has ended. Send a message to start a new one." });
        showQuick([]);
        save();
        showStatus("");
      } else {
        showStatus("Reconnecting…");
        retryLater();
      }
    });
  }

  var sending = false;

  function explain(error) {
    if (error.status === 429) return "You're sending messages quickly. Please wait a moment and try again.";
    if (error.status === 413 || error.code === "text_too_long") return "That message is too long. Please shorten it.";
    if (error.status === 400) return "That message couldn't be sent. Please try rephrasing it.";
    if (error.status >= 500) return "Something went wrong on our side. Please try again in a moment.";
    return "We couldn't reach the chat. Check your connection and try again.";
  }

  function send(text) {
    text = String(text || "").trim();
    if (!text || sending) return;
    sending = true;
    sendButton.disabled = true;
    add({ who: "you", text: text });
    showQuick([]);
    save();
    typing.hidden = false;
    scrollDown();
    var ready = state.session ? Promise.resolve() : start();
    ready.then(function () {
      return post("/api/message", { session: state.session, text: text, after: state.last });
    }).then(function (data) {
      applyAll(data);
      showStatus("");
    }, function (error) {
      if (error.status === 404) {
        forget();
        add({ who: "system", text: "That chat had ended, so we've started a new one. Please send your message again." });
        start().catch(function () {});
      } else {
        add({ who: "system", text: explain(error) });
      }
      save();
    }).finally(function () {
      sending = false;
      sendButton.disabled = false;
      typing.hidden = true;
      scrollDown();
    });
  }

  function end() {
    var session = state.session;
    forget();
    showQuick([]);
    add({ who: "system", text: "Chat ended. Thanks for getting in touch! Send a message any time to start a new one." });
    save();
    if (session) post("/api/close", { session: session }).catch(function () {});
  }

  // ---- Opening and closing the panel ----

  function setOpen(open) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    launcher.classList.toggle("cw-launcher-open", open);
    if (open) {
      state.unread = 0;
      if (!state.session && state.log.length === 0) {
        start().catch(function (error) { add({ who: "system", text: explain(error) }); });
      }
      setTimeout(function () { input.focus(); scrollDown(); }, 0);
    }
    showUnread();
    save();
  }

  launcher.addEventListener("click", function () { setOpen(!state.open); });
  closeButton.addEventListener("click", function () { setOpen(false); launcher.focus(); });
  endButton.addEventListener("click", end);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { setOpen(false); launcher.focus(); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || sending) return;
    input.value = "";
    send(text);
  });

  // ---- Start: show what this tab already had, then catch up ----

  log.appendChild(typing);
  state.log.forEach(render);
  showQuick(state.quick);
  (document.body || document.documentElement).appendChild(host);
  setOpen(state.open);
  if (state.session) resume();
})();
