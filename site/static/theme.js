/* tally: set the colour theme before the page is drawn.
   The reader's choice (light or dark) is kept in localStorage; without
   one, the page follows the system setting, and keeps following it. */
(function () {
  var key = "tally-theme", root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function stored() {
    try { return localStorage.getItem(key); } catch (e) { return null; }
  }
  function system() { return media && media.matches ? "dark" : "light"; }
  function apply() {
    var t = stored();
    root.setAttribute("data-theme", t === "dark" || t === "light" ? t : system());
  }
  root.classList.add("js");
  apply();
  if (media && media.addEventListener) media.addEventListener("change", apply);
  window.tallyTheme = {
    toggle: function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      try {
        if (next === system()) localStorage.removeItem(key); else localStorage.setItem(key, next);
      } catch (e) { /* private mode: the choice lasts for this page */ }
      root.setAttribute("data-theme", next);
    }
  };
})();
