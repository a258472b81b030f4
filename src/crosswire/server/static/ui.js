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
