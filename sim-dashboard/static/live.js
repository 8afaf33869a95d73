// procsim dashboard: keep the page's #live part current while you click in
// other tabs. The server says "journal" when any journal grows and
// "progress" when something else a walkthrough ticks on changed (mail
// opened, clock moved); we fetch this same page and swap the part in.
// Without this script, reload.
(function () {
  "use strict";
  if (!window.EventSource || !document.getElementById("live")) { return; }
  var source = new EventSource("/api/events");
  function refresh() {
    fetch(window.location.href, { headers: { "Accept": "text/html" } })
      .then(function (reply) { return reply.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        var current = document.getElementById("live");
        if (fresh && current) { current.replaceWith(fresh); }
      });
  }
  source.addEventListener("journal", refresh);
  source.addEventListener("progress", refresh);
})();
