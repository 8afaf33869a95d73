// procsim dashboard: keep the page's #live part current while you click in
// other tabs. The server says "journal" when any journal grows and
// "progress" when something else a walkthrough ticks on changed (mail
// opened, clock moved); we fetch this same page and swap the part in.
// Without this script, reload.
// A running simulated clock (<time data-running-clock>) ticks on the page,
// written as the server writes times for people.
(function () {
  "use strict";
  var days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function human(d) {
    return days[d.getUTCDay()] + " " + d.getUTCDate() + " " + months[d.getUTCMonth()] + " " +
      d.getUTCFullYear() + ", " + two(d.getUTCHours()) + ":" + two(d.getUTCMinutes()) + ":" +
      two(d.getUTCSeconds()) + " UTC";
  }
  var loaded = Date.now();
  setInterval(function () {
    var clocks = document.querySelectorAll("time[data-running-clock]");
    for (var i = 0; i < clocks.length; i++) {
      var at = Date.parse(clocks[i].getAttribute("datetime"));
      if (!isNaN(at)) { clocks[i].textContent = human(new Date(at + Date.now() - loaded)); }
    }
  }, 1000);
})();
// "Copy" buttons (data-copy-from) put the raw document, as the journal
// kept it, on the clipboard.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy-from]") : null;
    if (!button) { return; }
    var said = button.parentNode.querySelector(".copied");
    function say(text) { if (said) { said.textContent = text; } }
    fetch(button.getAttribute("data-copy-from"))
      .then(function (reply) { return reply.text(); })
      .then(function (text) { return navigator.clipboard.writeText(text); })
      .then(function () { say("Copied."); }, function () { say("Could not copy: use Download."); });
  });
})();
// The stream is closed when the page is hidden and opened again when it
// comes back from the back-forward cache (then refreshed, to catch up):
// a cached page that kept its stream would hold one of the six
// connections a browser opens to the dashboard, and after a few pages
// the next one would wait for a free connection.
(function () {
  "use strict";
  if (!window.EventSource || !document.getElementById("live")) { return; }
  var source = null;
  function refresh() {
    fetch(window.location.href, { headers: { "Accept": "text/html" } })
      .then(function (reply) { return reply.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        var current = document.getElementById("live");
        if (fresh && current) { current.replaceWith(fresh); }
      });
  }
  function listen() {
    if (source) { return; }
    source = new EventSource("/api/events");
    source.addEventListener("journal", refresh);
    source.addEventListener("progress", refresh);
  }
  window.addEventListener("pagehide", function () {
    if (source) { source.close(); source = null; }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { listen(); refresh(); }
  });
  listen();
})();
