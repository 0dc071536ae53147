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
