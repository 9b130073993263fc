/*
 * The manager's sign-in: the token typed in the box is sent once to /manager/api/signin and
 * forgotten; the sign-in lives in an HttpOnly cookie, and /manager then answers with the
 * dashboard itself (a page with no script at all).
 */
(function () {
  "use strict";
  var form = document.getElementById("signin-form");
  var token = document.getElementById("token");
  var error = document.getElementById("signin-error");
  var button = document.getElementById("signin-button");

  function say(text) {
    error.textContent = text;
    error.hidden = !text;
    if (text) token.focus();
  }

  token.focus();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = JSON.stringify({ token: token.value.trim() });
    token.value = "";
    if (body === '{"token":""}') { say("Type the manager's token first."); return; }
    button.disabled = true;
    fetch("/manager/api/signin", {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json" }, body: body
    }).then(function (response) {
      body = null;
      if (response.ok) { window.location.reload(); return; }
      return response.json().then(function (refusal) {
        if (refusal.code === "bad_token") say("That is not the manager's token.");
        else if (response.status === 429) say("Too many wrong tokens from here. Wait " + (response.headers.get("Retry-After") || 60) + " seconds and try again.");
        else say(refusal.message || ("The server answered " + response.status + "."));
      }, function () { say("The server answered " + response.status + "."); });
    }, function () {
      body = null;
      say("The server can't be reached. Check your connection and try again.");
    }).finally(function () { button.disabled = false; });
  });
})();
