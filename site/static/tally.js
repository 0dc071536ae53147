/* tally: the small behaviours of a page. Everything works without it,
   except the menu on narrow screens, the theme button and search. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;

  // The chapter list slides in on narrow screens.
  var menu = doc.querySelector(".menu-btn"), sidebar = doc.getElementById("t_sidebar");
  function setNav(open) {
    root.classList.toggle("nav-open", open);
    if (menu) menu.setAttribute("aria-expanded", open ? "true" : "false");
  }
  if (menu && sidebar) {
    menu.addEventListener("click", function () { setNav(!root.classList.contains("nav-open")); });
    doc.addEventListener("keydown", function (e) { if (e.key === "Escape") setNav(false); });
    doc.addEventListener("click", function (e) {
      if (root.classList.contains("nav-open") && !sidebar.contains(e.target) && !menu.contains(e.target)) setNav(false);
    });
  }

  // Light or dark.
  var theme = doc.querySelector(".theme-btn");
  if (theme && window.tallyTheme) theme.addEventListener("click", window.tallyTheme.toggle);

  // Keep a claim's tooltip inside the window.
  function place(tip) {
    tip.style.setProperty("--shift", "0px");
    var r = tip.getBoundingClientRect(), pad = 8, w = root.clientWidth, dx = 0;
    if (r.left < pad) dx = pad - r.left;
    else if (r.right > w - pad) dx = w - pad - r.right;
    tip.style.setProperty("--shift", Math.round(dx) + "px");
    tip.classList.toggle("below", r.top < 56);
  }
  doc.querySelectorAll(".claim").forEach(function (c) {
    var tip = c.querySelector(".claim-tip");
    if (!tip) return;
    c.addEventListener("mouseenter", function () { place(tip); });
    c.addEventListener("focusin", function () { place(tip); });
  });

  // The language switcher keeps the section being read: the heading at
  // the top of the window, or the one the address names when it is in
  // view. Its link lists the ids of the other edition's page; when that
  // page lacks the section (not translated), the section before it that
  // it has is chosen. Without the script, the link opens the page's top.
  function readingSection(have) {
    var heads = doc.querySelectorAll("article h1[id], article h2[id], article h3[id], article h4[id], article h5[id], article h6[id]");
    var bar = doc.querySelector(".topbar"), line = (bar ? bar.getBoundingClientRect().bottom : 0) + 24;
    var hash = decodeURIComponent(location.hash.slice(1)), target = hash && doc.getElementById(hash);
    if (target) {
      var r = target.getBoundingClientRect();
      if (r.bottom > 0 && r.top < window.innerHeight) line = r.top + 1;
    }
    var found = "";
    for (var i = 0; i < heads.length; i++) {
      if (heads[i].getBoundingClientRect().top > line) break;
      if (have[heads[i].id]) found = heads[i].id;
    }
    return found;
  }
  doc.querySelectorAll(".lang-switch a[data-anchors]").forEach(function (a) {
    var base = a.getAttribute("href"), have = {};
    a.getAttribute("data-anchors").split(" ").forEach(function (id) { if (id) have[id] = true; });
    function aim() {
      var id = readingSection(have);
      a.setAttribute("href", id ? base + "#" + encodeURIComponent(id) : base);
    }
    ["mousedown", "focus", "click", "touchstart"].forEach(function (ev) { a.addEventListener(ev, aim, { passive: true }); });
  });

  // Printing shows every folded output.
  window.addEventListener("beforeprint", function () {
    doc.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", ""); d.setAttribute("data-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    doc.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.removeAttribute("open"); d.removeAttribute("data-print-opened");
    });
  });

  // The table of contents follows the reading position.
  var links = doc.querySelectorAll(".toc a[href^='#']");
  if (links.length && "IntersectionObserver" in window) {
    var byId = {};
    links.forEach(function (a) { byId[decodeURIComponent(a.getAttribute("href").slice(1))] = a; });
    var current = null;
    var obs = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        var a = byId[e.target.id];
        if (!a) return;
        if (current) current.removeAttribute("aria-current");
        a.setAttribute("aria-current", "location");
        current = a;
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    Object.keys(byId).forEach(function (id) {
      var h = doc.getElementById(id);
      if (h) obs.observe(h);
    });
  }
})();
