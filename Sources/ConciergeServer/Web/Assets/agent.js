/*
 * The agents' inbox. Plain JavaScript: no build step, no framework, no dependencies.
 *
 * Everything a shopper, the bot or an agent wrote (messages, names, notes, summaries) goes on the
 * page as text: textContent and text nodes only, never parsed as HTML. The page's
 * Content-Security-Policy enforces it too (Trusted Types: a string can't become markup).
 *
 * The agent token is read from the sign-in box once, sent to /agent/api/signin and forgotten: the
 * sign-in lives in an HttpOnly cookie this script can't read. State-changing requests carry the
 * sign-in's request token (X-CSRF-Token), which the server hands out with /agent/api/me.
 *
 * The queue comes from /agent/api/queue, then live from /agent/api/events (Server-Sent Events):
 * every change is the ticket's row as it is now, and for a new line, the line.
 */
(function () {
  "use strict";

  // ---- Elements ----

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function show(node, visible) { node.hidden = !visible; }

  var ui = {
    loading: $("loading"), signin: $("signin"), signinForm: $("signin-form"), token: $("token"),
    signinError: $("signin-error"), signinButton: $("signin-button"),
    inbox: $("inbox"), shopName: $("shop-name"), agentName: $("agent-name"), live: $("live"),
    help: $("help"), helpButton: $("help-button"), signout: $("signout"),
    queue: $("queue"), queueEmpty: $("queue-empty"), filters: document.querySelectorAll("[data-filter]"),
    ticketEmpty: $("ticket-empty"), ticket: $("ticket"), back: $("back"), title: $("t-title"), meta: $("t-meta"),
    holder: $("t-holder"), claim: $("claim"), release: $("release"), handback: $("handback"), error: $("t-error"),
    body: $("t-body"), summary: $("t-summary"), facts: $("t-facts"), orders: $("t-orders"), answered: $("t-answered"),
    outcomeBlock: $("t-outcome-block"), outcome: $("t-outcome"), transcript: $("t-transcript"),
    composer: $("composer"), replyForm: $("reply-form"), reply: $("reply"), saved: $("saved"), send: $("send"),
    resolveForm: $("resolve-form"), note: $("note"), resolve: $("resolve"), announcer: $("announce")
  };

  // ---- State ----

  var state = {
    me: null,            // { agent, csrf, shop, time_zone }
    tickets: new Map(),  // id -> row
    seq: 0,              // the journal's place the queue is at
    filter: "waiting",
    selected: null,      // the id of the ticket open
    detail: null,        // the open ticket in full
    skew: 0,             // server clock minus this one, in ms
    source: null,
    clockFormat: null
  };

  // ---- Talking to the server ----

  function api(method, path, body) {
    var init = { method: method, credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } };
    if (method === "POST") {
      init.headers["Content-Type"] = "application/json";
      if (state.me) init.headers["X-CSRF-Token"] = state.me.csrf;
      init.body = JSON.stringify(body || {});
    }
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(typeof data.message === "string" ? data.message : "The server answered " + response.status + ".");
          error.status = response.status;
          error.code = data.code;
          error.retryAfter = Number(response.headers.get("Retry-After")) || 0;
          throw error;
        }
        return data;
      });
    });
  }

  function explain(error) {
    if (error && error.status === 401) return "Your sign-in has ended. Sign in again with your agent token.";
    if (error && error.status === 429) return "Too many requests just now. Wait a moment and try again.";
    if (error && error.status >= 500) return "Something went wrong on the server: " + error.message;
    if (error && error.status) return error.message;
    return "The server can't be reached. Check your connection; the inbox reconnects on its own.";
  }

  function announce(text) {
    ui.announcer.textContent = "";
    setTimeout(function () { ui.announcer.textContent = text; }, 20);
  }

  // ---- Signing in and out ----

  function showSignIn(message) {
    stopListening();
    state.me = null;
    state.tickets = new Map();
    state.detail = null;
    state.selected = null;
    show(ui.loading, false);
    show(ui.inbox, false);
    show(ui.signin, true);
    ui.signinError.textContent = message || "";
    show(ui.signinError, !!message);
    ui.token.value = "";
    ui.token.focus();
  }

  ui.signinForm.addEventListener("submit", function (event) {
    event.preventDefault();
    // Read once and cleared: the token is in no variable, storage or URL after this request.
    var body = { token: ui.token.value.trim() };
    ui.token.value = "";
    if (!body.token) {
      ui.signinError.textContent = "Type your agent token first.";
      show(ui.signinError, true);
      ui.token.focus();
      return;
    }
    ui.signinButton.disabled = true;
    api("POST", "/agent/api/signin", body).then(function (me) {
      body = null;
      startInbox(me);
    }, function (error) {
      body = null;
      var text;
      if (error.code === "bad_token") text = "That token is not an agent's. Check it against your line of the agent tokens file.";
      else if (error.status === 429 && error.code === "rate_limited") text = "Too many wrong tokens from here. Wait " + (error.retryAfter || 60) + " seconds and try again.";
      else text = explain(error);
      ui.signinError.textContent = text;
      show(ui.signinError, true);
      ui.token.focus();
    }).finally(function () { ui.signinButton.disabled = false; });
  });

  ui.signout.addEventListener("click", function () {
    api("POST", "/agent/api/signout", {}).catch(function () {}).then(function () {
      showSignIn("You've signed out.");
    });
  });

  function startInbox(me) {
    state.me = me;
    state.clockFormat = clockFormat(me.time_zone);
    ui.shopName.textContent = me.shop;
    ui.agentName.textContent = me.agent;
    document.title = "Inbox · " + me.shop;
    show(ui.loading, false);
    show(ui.signin, false);
    show(ui.inbox, true);
    loadQueue(true);
  }

  // ---- The queue ----

  function loadQueue(focusList) {
    return api("GET", "/agent/api/queue").then(function (data) {
      state.tickets = new Map();
      data.tickets.forEach(function (row) { state.tickets.set(row.id, row); });
      state.seq = data.seq;
      state.skew = data.now * 1000 - Date.now();
      renderQueue();
      listen();
      if (focusList) focusSelectedRow();
    }, function (error) {
      if (error.status === 401) showSignIn(explain(error));
      else setLive(explain(error), false);
    });
  }

  var FILTERS = {
    waiting: function (t) { return t.status === "waiting"; },
    mine: function (t) { return t.status === "claimed" && state.me && t.agent === state.me.agent; },
    resolved: function (t) { return t.status === "resolved" && t.resolved_today; }
  };

  var ORDER = {
    waiting: function (a, b) { return a.priority - b.priority || a.created - b.created || idNumber(a) - idNumber(b); },
    mine: function (a, b) { return (a.claimed_at || 0) - (b.claimed_at || 0) || idNumber(a) - idNumber(b); },
    resolved: function (a, b) { return (b.resolved_at || 0) - (a.resolved_at || 0); }
  };

  var EMPTY = {
    waiting: "Nobody is waiting. New tickets appear here as they arrive.",
    mine: "You hold no tickets. Claim one from Waiting.",
    resolved: "Nothing resolved yet today."
  };

  function idNumber(t) { return Number(t.id.slice(2)) || 0; }

  function visibleTickets() {
    var list = [];
    state.tickets.forEach(function (t) { if (FILTERS[state.filter](t)) list.push(t); });
    return list.sort(ORDER[state.filter]);
  }

  var queueFrame = 0;

  /** Redraws the list on the next frame, once however many changes came in. */
  function scheduleQueue() {
    if (queueFrame) return;
    queueFrame = requestAnimationFrame(function () { queueFrame = 0; renderQueue(); });
  }

  /** Draws the list, and measures it (performance.measure "inbox-render-queue", layout included). */
  function renderQueue() {
    var start = performance.now();
    var counts = { waiting: 0, mine: 0, resolved: 0 };
    state.tickets.forEach(function (t) {
      for (var name in FILTERS) if (FILTERS[name](t)) counts[name] += 1;
    });
    for (var name in counts) $("count-" + name).textContent = String(counts[name]);
    var list = visibleTickets();
    var hadFocus = ui.queue.contains(document.activeElement);
    var fragment = document.createDocumentFragment();
    var now = serverNow();
    list.forEach(function (t) { fragment.appendChild(row(t, now)); });
    ui.queue.replaceChildren(fragment);
    ui.queueEmpty.textContent = EMPTY[state.filter];
    show(ui.queueEmpty, list.length === 0);
    if (hadFocus) focusSelectedRow();
    void ui.queue.offsetHeight;
    performance.clearMeasures("inbox-render-queue");
    performance.measure("inbox-render-queue", { start: start, end: performance.now(), detail: { tickets: list.length } });
  }

  function row(t, now) {
    var item = el("li", "row p" + t.priority + (t.id === state.selected ? " selected" : "") + (t.unread > 0 ? " has-unread" : ""));
    item.dataset.id = t.id;
    var button = el("button", "row-button");
    button.type = "button";
    if (t.id === state.selected) button.setAttribute("aria-current", "true");

    var top = el("span", "row-top");
    top.appendChild(el("span", "prio", "P" + t.priority));
    top.appendChild(el("span", "tid", t.id));
    top.appendChild(el("span", "reason", t.reason_text));
    if (t.unread > 0) top.appendChild(el("span", "unread", t.unread + " unread"));
    top.appendChild(el("span", "age", rowAge(t, now)));
    button.appendChild(top);

    var who = el("span", "row-who");
    who.appendChild(el("span", "shopper", shopperName(t)));
    who.appendChild(el("span", t.verified ? "tag verified" : "tag claimed", t.verified ? "verified" : t.shopper || t.postcode ? "not verified" : "anonymous"));
    who.appendChild(el("span", "tag lang", t.language));
    if (isOpen(t)) who.appendChild(el("span", t.connected ? "tag here" : "tag gone", presence(t, now)));
    button.appendChild(who);

    if (t.status === "claimed" && t.agent) button.appendChild(el("span", "row-holder", t.agent === state.me.agent ? "Yours" : "Claimed by " + t.agent));
    if (t.status === "resolved" && t.rating) button.appendChild(el("span", "row-holder", "Rated " + t.rating + "/5"));
    var preview = t.last ? senderLabel(t.last.sender) + ": " + t.last.text : t.summary;
    button.appendChild(el("span", "row-last", preview));

    button.addEventListener("click", function () { select(t.id, true); });
    item.appendChild(button);
    return item;
  }

  function shopperName(t) {
    if (t.shopper) return t.shopper;
    if (t.postcode) return "postcode " + t.postcode;
    return "Shopper not known";
  }

  function rowAge(t, now) {
    if (t.status === "resolved") return "resolved " + clock(t.resolved_at);
    if (t.status === "claimed" && t.claimed_at) return "claimed " + ago(now - t.claimed_at) + " ago";
    return "waiting " + ago(now - t.created);
  }

  /** Waiting or claimed: whether the shopper is still there is kept up to date only then. */
  function isOpen(t) { return t.status === "waiting" || t.status === "claimed"; }

  function presence(t, now) {
    if (t.connected) return "in the chat";
    return t.left_at ? "left " + ago(now - t.left_at) + " ago" : "left the chat";
  }

  function serverNow() { return (Date.now() + state.skew) / 1000; }

  function ago(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) return "under a minute";
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return minutes + " min";
    var hours = Math.floor(minutes / 60);
    return hours + " h " + String(minutes % 60).padStart(2, "0") + " min";
  }

  function clockFormat(zone) {
    try {
      return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit" });
    } catch (e) {
      return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
    }
  }

  function clock(seconds) { return seconds ? state.clockFormat.format(new Date(seconds * 1000)) : ""; }

  function senderLabel(sender) {
    return { shopper: "Shopper", bot: "Bot", agent: "Agent", system: "System" }[sender] || sender;
  }

  function setFilter(name) {
    if (!FILTERS[name]) return;
    state.filter = name;
    ui.filters.forEach(function (b) { b.setAttribute("aria-selected", String(b.dataset.filter === name)); });
    renderQueue();
    focusSelectedRow();
  }

  ui.filters.forEach(function (b) {
    b.addEventListener("click", function () { setFilter(b.dataset.filter); });
  });

  function focusSelectedRow() {
    var rows = ui.queue.querySelectorAll(".row-button");
    var target = null;
    rows.forEach(function (b) { if (b.parentNode.dataset.id === state.selected) target = b; });
    (target || rows[0] || ui.filters[0]).focus({ preventScroll: false });
  }

  /** Moves the selection by `step` in the list, opening the ticket it lands on. */
  function move(step) {
    var list = visibleTickets();
    if (list.length === 0) return;
    var index = list.findIndex(function (t) { return t.id === state.selected; });
    index = index < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, index + step));
    select(list[index].id, false);
    focusSelectedRow();
  }

  // ---- The live feed ----

  function setLive(text, ok) {
    ui.live.textContent = text;
    ui.live.classList.toggle("ok", !!ok);
  }

  function stopListening() {
    if (state.source) state.source.close();
    state.source = null;
  }

  function listen() {
    stopListening();
    var source = new EventSource("/agent/api/events?after=" + encodeURIComponent(state.seq));
    state.source = source;
    source.onopen = function () { setLive("Live", true); };
    source.onmessage = function (event) {
      var change;
      try { change = JSON.parse(event.data); } catch (e) { return; }
      apply(change);
    };
    source.onerror = function () {
      if (state.source !== source) return;
      setLive("Reconnecting…", false);
      if (source.readyState === EventSource.CLOSED) {
        // Refused (the sign-in ended, or too many streams): see which, then start again.
        stopListening();
        api("GET", "/agent/api/me").then(function (me) {
          if (!me.signed_in) { showSignIn("Your sign-in has ended. Sign in again with your agent token."); return; }
          setTimeout(function () { if (state.me && !state.source) loadQueue(false); }, 3000);
        }, function () {
          setTimeout(function () { if (state.me && !state.source) loadQueue(false); }, 5000);
        });
      }
    };
  }

  /** One change from the feed: the ticket's row now, and a new line of its transcript. */
  function apply(change) {
    if (!change || typeof change !== "object") return;
    if (change.type === "reload") { loadQueue(false); return; }
    if (typeof change.seq === "number" && change.seq > state.seq) state.seq = change.seq;
    var t = change.ticket;
    if (!t || typeof t.id !== "string") return;
    var known = state.tickets.has(t.id);
    var open = state.detail && state.detail.ticket.id === t.id;
    if (open) t.unread = 0;
    state.tickets.set(t.id, t);
    if (change.type === "opened" && !known) announce("New ticket " + t.id + ": " + t.reason_text + ".");
    if (open) {
      if (change.type === "message" && change.line && change.seq > state.detail.seq) {
        state.detail.seq = change.seq;
        state.detail.transcript.push(change.line);
        appendLine(change.line, true);
        markRead(t);
      }
      state.detail.ticket = t;
      renderHead();
      // Details the shopper gave after the handoff change the facts and orders: the ticket again.
      if (change.type === "details") loadTicket(t.id);
    } else if (change.type === "message" && change.line && change.line.sender === "shopper") {
      announce("New message on " + t.id + ".");
    }
    scheduleQueue();
  }

  var readTimer = 0;

  function markRead(t) {
    clearTimeout(readTimer);
    readTimer = setTimeout(function () {
      api("POST", "/agent/api/tickets/" + encodeURIComponent(t.id) + "/read", { lines: t.lines }).catch(function () {});
    }, 400);
  }

  // ---- A ticket ----

  var loadTimer = 0;
  var loading = 0;

  /** Opens ticket `id`: at once when clicked, a moment later when moving through the list by keys. */
  function select(id, now) {
    state.selected = id;
    ui.inbox.classList.add("show-ticket");
    scheduleQueue();
    clearTimeout(loadTimer);
    if (now) loadTicket(id);
    else loadTimer = setTimeout(function () { loadTicket(id); }, 90);
  }

  function loadTicket(id) {
    var mine = ++loading;
    return api("GET", "/agent/api/tickets/" + encodeURIComponent(id)).then(function (detail) {
      if (mine !== loading) return;
      showTicket(detail, true);
    }, function (error) {
      if (mine !== loading) return;
      if (error.status === 401) showSignIn(explain(error));
      else showError(explain(error));
    });
  }

  function showTicket(detail, fresh) {
    var same = state.detail && state.detail.ticket.id === detail.ticket.id;
    state.detail = detail;
    detail.ticket.unread = 0;
    state.tickets.set(detail.ticket.id, detail.ticket);
    show(ui.ticketEmpty, false);
    show(ui.ticket, true);
    if (!same) {
      showError("");
      ui.reply.value = "";
      ui.note.value = "";
    }
    renderHead();
    renderBody(detail);
    if (fresh && !same) ui.body.scrollTop = 0;
    scheduleQueue();
  }

  function showError(text) {
    ui.error.textContent = text || "";
    show(ui.error, !!text);
  }

  /** The ticket's header and what the agent may do, from its row. */
  function renderHead() {
    var t = state.detail.ticket;
    var now = serverNow();
    var mine = t.status === "claimed" && t.agent === state.me.agent;
    ui.title.textContent = t.id + " · " + t.reason_text;
    ui.meta.textContent = ["Priority " + t.priority, t.status_text, rowAge(t, now), shopperName(t) + (t.verified ? " (verified)" : ""),
      t.language].concat(isOpen(t) ? ["shopper " + presence(t, now)] : []).join(" · ");
    var holder = "";
    if (t.status === "claimed") holder = mine ? "You have this ticket. The shopper sees your replies at once." : t.agent + " has this ticket.";
    else if (t.status === "resolved") holder = "Resolved by " + (t.agent || "an agent") + " at " + clock(t.resolved_at) + ".";
    else if (t.status === "returned_to_bot") holder = "Back with the bot.";
    ui.holder.textContent = holder;
    show(ui.holder, !!holder);
    show(ui.claim, t.status === "waiting");
    show(ui.release, mine);
    show(ui.handback, mine);
    show(ui.composer, mine);
    var outcome = [];
    if (state.detail.note) outcome.push("Note: " + state.detail.note);
    if (t.rating) outcome.push("Rated " + t.rating + "/5" + (state.detail.comment ? ": " + state.detail.comment : "."));
    ui.outcome.textContent = outcome.join("  ");
    show(ui.outcomeBlock, outcome.length > 0);
  }

  function renderBody(detail) {
    ui.summary.textContent = detail.ticket.summary;

    clear(ui.facts);
    detail.facts.forEach(function (fact) {
      ui.facts.appendChild(el("dt", null, label(fact.name)));
      ui.facts.appendChild(el("dd", null, fact.value));
    });
    if (detail.facts.length === 0) ui.facts.appendChild(el("dd", "none", "The bot collected none."));

    clear(ui.orders);
    detail.orders.forEach(function (order) {
      var box = el("div", "order");
      box.appendChild(el("h4", null, "Order " + order.id + " · " + order.status.replace(/_/g, " ")));
      box.appendChild(el("p", "state", order.state));
      if (order.items.length) box.appendChild(el("p", "items", order.items.join(", ")));
      if (order.parcels.length) {
        var parcels = el("ul", "parcels");
        order.parcels.forEach(function (p) { parcels.appendChild(el("li", null, p)); });
        box.appendChild(parcels);
      }
      ui.orders.appendChild(box);
    });
    if (detail.orders.length === 0) ui.orders.appendChild(el("p", "none", "No order was verified in this chat."));

    clear(ui.answered);
    detail.answered.forEach(function (intent) {
      var chip = el("li", "chip", intent.title);
      chip.title = intent.id;
      ui.answered.appendChild(chip);
    });
    if (detail.answered.length === 0) ui.answered.appendChild(el("li", "none", "Nothing yet."));

    clear(ui.transcript);
    detail.transcript.forEach(function (line) { appendLine(line, false); });

    clear(ui.saved);
    var first = el("option", null, detail.saved_replies.length ? "Choose…" : "None in saved-replies.txt");
    first.value = "";
    ui.saved.appendChild(first);
    detail.saved_replies.forEach(function (r, i) {
      var option = el("option", null, r.title);
      option.value = String(i);
      ui.saved.appendChild(option);
    });
    ui.saved.disabled = detail.saved_replies.length === 0;
  }

  var KIND = { clarify: "asked which was meant", fallback: "didn't understand", prompt: "asked for details", handoff: "handing over" };

  function label(name) {
    var text = String(name).replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** One transcript line; the bot's carry the intent acted on and the matcher's confidence. */
  function appendLine(line, live) {
    var item = el("li", "line from-" + line.sender);
    var head = el("p", "line-head");
    head.appendChild(el("span", "time", clock(line.time)));
    head.appendChild(el("span", "sender", senderLabel(line.sender)));
    if (line.sender === "bot") {
      // Where the bot may have gone wrong stands out: it didn't understand, or it was unsure.
      var low = typeof line.confidence === "number" && line.confidence < 0.6;
      var lost = line.kind === "fallback";
      var name = line.intent ? (line.intent_title ? line.intent_title + " (" + line.intent + ")" : line.intent)
        : "no intent" + (KIND[line.kind] ? ", " + KIND[line.kind] : "");
      head.appendChild(el("span", "intent" + (low || lost ? " low" : ""), name));
      if (typeof line.confidence === "number") {
        head.appendChild(el("span", "confidence" + (low ? " low" : ""), "confidence " + line.confidence.toFixed(2)));
      }
    }
    item.appendChild(head);
    item.appendChild(el("p", "text", line.text));
    var nearBottom = ui.body.scrollHeight - ui.body.scrollTop - ui.body.clientHeight < 80;
    ui.transcript.appendChild(item);
    if (live && nearBottom) ui.body.scrollTop = ui.body.scrollHeight;
  }

  // ---- Actions ----

  function act(action, body) {
    if (!state.detail) {
      announce("Open a ticket first: j and k move through the list.");
      return Promise.resolve(null);
    }
    var id = state.detail.ticket.id;
    showError("");
    return api("POST", "/agent/api/tickets/" + encodeURIComponent(id) + "/" + action, body || {}).then(function (detail) {
      if (state.detail && state.detail.ticket.id === id) showTicket(detail, false);
      else state.tickets.set(detail.ticket.id, detail.ticket);
      scheduleQueue();
      return detail;
    }, function (error) {
      if (error.status === 401) { showSignIn(explain(error)); return null; }
      showError(explain(error));
      // Someone else may have acted first: show the ticket as it is now.
      if (error.status === 409) loadTicket(id);
      return null;
    });
  }

  function claim() {
    if (!state.detail || state.detail.ticket.status !== "waiting") {
      if (state.detail) showError(state.detail.ticket.status === "claimed" ? "This ticket is claimed already." : "Only a waiting ticket can be claimed.");
      else announce("Open a ticket first: j and k move through the list.");
      return;
    }
    act("claim").then(function (detail) {
      if (detail) {
        announce("You have " + detail.ticket.id + ". The shopper has been told you've joined.");
        ui.reply.focus();
      }
    });
  }

  ui.claim.addEventListener("click", claim);
  ui.release.addEventListener("click", function () {
    act("release", { to_bot: false }).then(function (d) { if (d) announce(d.ticket.id + " is back in the queue."); });
  });
  ui.handback.addEventListener("click", function () {
    act("release", { to_bot: true }).then(function (d) { if (d) announce(d.ticket.id + " is back with the bot."); });
  });

  var sending = false;

  function sendReply() {
    var text = ui.reply.value.trim();
    if (!text || sending) return;
    sending = true;
    ui.send.disabled = true;
    act("reply", { text: text }).then(function (detail) {
      if (detail) {
        ui.reply.value = "";
        announce("Sent.");
      }
    }).finally(function () {
      sending = false;
      ui.send.disabled = false;
    });
  }

  ui.replyForm.addEventListener("submit", function (event) { event.preventDefault(); sendReply(); });
  ui.reply.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      sendReply();
    }
  });

  ui.saved.addEventListener("change", function () {
    var reply = state.detail && state.detail.saved_replies[Number(ui.saved.value)];
    if (ui.saved.value === "" || !reply) return;
    var current = ui.reply.value.trim();
    ui.reply.value = current ? current + " " + reply.text : reply.text;
    ui.saved.value = "";
    ui.reply.focus();
    ui.reply.setSelectionRange(ui.reply.value.length, ui.reply.value.length);
  });
  ui.saved.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); ui.reply.focus(); }
  });

  ui.resolveForm.addEventListener("submit", function (event) {
    event.preventDefault();
    act("resolve", { note: ui.note.value.trim() }).then(function (detail) {
      if (detail) {
        ui.note.value = "";
        announce(detail.ticket.id + " is resolved. The shopper is asked to rate the help.");
        focusSelectedRow();
      }
    });
  });

  ui.back.addEventListener("click", function () {
    ui.inbox.classList.remove("show-ticket");
    focusSelectedRow();
  });

  function toggleHelp(open) {
    var visible = open == null ? ui.help.hidden : open;
    show(ui.help, visible);
    ui.helpButton.setAttribute("aria-expanded", String(visible));
  }

  ui.helpButton.addEventListener("click", function () { toggleHelp(); });

  // ---- Keyboard ----

  document.addEventListener("keydown", function (event) {
    if (ui.inbox.hidden || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (event.key === "Escape") {
      if (typing) target.blur();
      else if (!ui.help.hidden) toggleHelp(false);
      else ui.inbox.classList.remove("show-ticket");
      focusSelectedRow();
      event.preventDefault();
      return;
    }
    if (typing) return;
    var mine = state.detail && state.detail.ticket.status === "claimed" && state.detail.ticket.agent === state.me.agent;
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "1": setFilter("waiting"); break;
      case "2": setFilter("mine"); break;
      case "3": setFilter("resolved"); break;
      case "c": claim(); break;
      case "r":
        if (mine) ui.reply.focus();
        else announce("Claim the ticket first (c) to reply.");
        break;
      case "s":
        if (mine) ui.saved.focus();
        else announce("Claim the ticket first (c) to use a saved reply.");
        break;
      case "e":
        if (mine) ui.note.focus();
        else announce("Claim the ticket first (c) to resolve it.");
        break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  // Ages in the list move on while the page is open.
  setInterval(function () {
    if (state.me && !ui.inbox.hidden) {
      scheduleQueue();
      if (state.detail) renderHead();
    }
  }, 30000);

  // ---- Start ----

  api("GET", "/agent/api/me").then(function (me) {
    if (me.signed_in) startInbox(me);
    else showSignIn("");
  }, function (error) {
    showSignIn(explain(error));
  });
})();
