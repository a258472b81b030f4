// The UI's own script (nothing is loaded from elsewhere). A link to an article opens its closed
// <details>; live updates listen to /api/events and, when articles arrive, show a notice offering
// a reload (on a story's page, only for changes to that story).
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();

(function () {
  "use strict";
  var notice = document.getElementById("live-notice");
  if (!notice || !window.EventSource) { return; }
  var text = document.getElementById("live-text");
  var story = document.body.getAttribute("data-story");
  var arrived = 0;
  var source = new EventSource("/api/events");

  function announce(event) {
    var data = {};
    try { data = JSON.parse(event.data); } catch (ignored) { return; }
    if (story && data.story_id !== story) { return; }
    arrived += (data.added || []).length;
    var what = event.type === "conflict.found" ? "A new conflict was found" :
      event.type === "story.created" ? "A new story has arrived" : "New articles have arrived";
    text.textContent = what + (arrived ? " (" + arrived + " article" + (arrived === 1 ? "" : "s") + ")" : "") + ".";
    notice.hidden = false;
  }

  ["story.created", "story.updated", "conflict.found"].forEach(function (kind) {
    source.addEventListener(kind, announce);
  });
  document.getElementById("live-reload").addEventListener("click", function () {
    window.location.reload();
  });
  window.addEventListener("pagehide", function () { source.close(); });
})();

// The feeds and alerts pages: their forms and Remove buttons call the API with fetch() and
// "Authorization: Bearer" from the write token the user pasted, kept in this tab's
// sessionStorage only (never a cookie, never in the page). After a change the list is taken
// again from the server's own page (escaped there) and swapped in; every API error is shown.
(function () {
  "use strict";
  var kind = document.body.getAttribute("data-page");
  if (kind !== "feeds" && kind !== "alerts") { return; }
  var KEY = "crosswire-token";
  var message = document.getElementById("manage-message");
  var tokenState = document.getElementById("token-state");

  function storage() {
    try { return window.sessionStorage; } catch (ignored) { return null; }
  }
  function token() {
    var store = storage();
    return (store && store.getItem(KEY)) || "";
  }
  function showToken() {
    tokenState.textContent = token() ?
      "A write token is kept for this tab." :
      "Adding and removing need the write token.";
  }
  function say(text, failed) {
    message.textContent = text;
    message.className = failed ? "message error" : "message done";
    message.hidden = false;
  }

  function call(method, url, body) {
    var secret = token();
    if (!secret) {
      return Promise.reject(new Error("Paste the write token first (serve printed it at its first start)."));
    }
    var options = { method: method, headers: { "Authorization": "Bearer " + secret } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok) {
          var error = data && data.error;
          throw new Error(error && error.message ? error.message : "the server answered HTTP " + response.status);
        }
        return { status: response.status, data: data };
      });
    });
  }

  function refresh() {
    return fetch(window.location.pathname).then(function (response) {
      return response.text();
    }).then(function (text) {
      var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("managed");
      var current = document.getElementById("managed");
      if (fresh && current) { current.replaceWith(document.importNode(fresh, true)); }
    });
  }

  function failed(error) { say(error.message || String(error), true); }

  document.getElementById("token-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("token");
    var value = input.value.trim();
    input.value = "";
    var store = storage();
    if (!value || !store) { say(store ? "The token is empty." : "This browser keeps no session storage.", true); return; }
    store.setItem(KEY, value);
    showToken();
    message.hidden = true;
  });
  document.getElementById("token-forget").addEventListener("click", function () {
    var store = storage();
    if (store) { store.removeItem(KEY); }
    showToken();
  });
  showToken();

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.remove");
    if (!button) { return; }
    var id = button.getAttribute("data-id");
    var what = button.getAttribute("data-kind") === "feeds" ? "feed" : "alert";
    button.disabled = true;
    call("DELETE", "/api/" + button.getAttribute("data-kind") + "/" + encodeURIComponent(id))
      .then(function () { say("Removed " + what + " " + id + "."); return refresh(); })
      .catch(failed)
      .then(function () { button.disabled = false; });
  });

  var feedForm = document.getElementById("feed-add");
  if (feedForm) {
    feedForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = {
        url: document.getElementById("feed-url").value.trim(),
        allow_private: document.getElementById("feed-allow-private").checked
      };
      say("Reading the feed…");
      call("POST", "/api/feeds", body).then(function (answer) {
        var feed = answer.data;
        var name = feed.title ? feed.title + " (" + feed.url + ")" : feed.url;
        var text = (answer.status === 201 ? "Following feed " : "Already following feed ") + feed.id + ": " + name + ".";
        if (feed.last_failure) { text += " Its first read failed: " + feed.last_failure.reason; }
        say(text, false);
        feedForm.reset();
        return refresh();
      }).catch(failed);
    });
  }

  var alertForm = document.getElementById("alert-add");
  if (alertForm) {
    alertForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var field = function (id) { return document.getElementById(id).value.trim() || null; };
      var body = {
        webhook: field("alert-webhook"),
        on: document.getElementById("alert-on").value,
        story_id: field("alert-story"),
        query: field("alert-query"),
        allow_private: document.getElementById("alert-allow-private").checked
      };
      document.getElementById("alert-secret").hidden = true;
      call("POST", "/api/alerts", body).then(function (answer) {
        document.getElementById("alert-secret-id").textContent = String(answer.data.id);
        document.getElementById("alert-secret-value").textContent = answer.data.secret;
        document.getElementById("alert-secret").hidden = false;
        say("Alert " + answer.data.id + " added.", false);
        alertForm.reset();
        return refresh();
      }).catch(failed);
    });
  }
})();
