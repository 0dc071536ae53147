/* tally serve: reload the page when the site is rebuilt, and show the
   build's problems over the page. Injected by the server only; built
   sites never contain it. */
window.tallyServe = true; // the parameter panel re-runs chapters on this server
(function () {
  "use strict";
  var me = document.currentScript;
  var gen = Number(me && me.getAttribute("data-gen")) || 0;
  var box = null;
  function show(text) {
    if (!text) {
      if (box) { box.remove(); box = null; }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:1000;max-height:45vh;overflow:auto;" +
        "padding:1rem 1.2rem;border-radius:10px;background:#2b0f12;color:#ffd7d9;font:13px/1.5 ui-monospace,monospace;" +
        "white-space:pre-wrap;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "tally: the last build has problems\n\n" + text;
  }
  var es = new EventSource("/__tally/events");
  es.addEventListener("state", function (e) {
    var s = JSON.parse(e.data);
    if (s.gen > gen) { location.reload(); return; }
    show(s.problems);
  });
})();
