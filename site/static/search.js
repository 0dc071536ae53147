/* tally: offline search. The index (assets/search-LANG.js) is built with
   the site and loaded on first use, as a script so that it loads from
   file:// too. Words are matched by prefix; Hangul, written without
   spaces between many words, is matched by syllable bigrams, as the Go
   side (site/search.go) indexed it. */
(function () {
  "use strict";
  var doc = document;
  var input = doc.getElementById("t_search"), box = doc.getElementById("t_results");
  if (!input || !box) return;
  var body = doc.body, root = body.getAttribute("data-root") || "";
  var loading = false, active = -1, timer = 0;

  function isHangul(ch) {
    var n = ch.codePointAt(0);
    return (n >= 0xAC00 && n <= 0xD7A3) || (n >= 0x1100 && n <= 0x11FF) || (n >= 0x3131 && n <= 0x318E) ||
      (n >= 0xA960 && n <= 0xA97C) || (n >= 0xD7B0 && n <= 0xD7FB);
  }
  var wordChar = /[\p{L}\p{N}]/u;

  // tokens mirrors tokens() in site/search.go; each token says whether a
  // prefix match is allowed.
  function tokens(s) {
    var out = [], run = [], hangul = false;
    function emit() {
      if (!run.length) return;
      if (hangul) {
        if (run.length === 1) out.push({ t: run[0], prefix: true });
        for (var i = 0; i + 1 < run.length; i++) out.push({ t: run[i] + run[i + 1], prefix: false });
      } else if (run.length >= 2 || /\p{N}/u.test(run[0])) {
        out.push({ t: run.join(""), prefix: true });
      }
      run = [];
    }
    Array.from(s.toLowerCase()).forEach(function (ch) {
      var h = isHangul(ch);
      if (h || wordChar.test(ch)) {
        if (h !== hangul) { emit(); hangul = h; }
        run.push(ch);
      } else emit();
    });
    emit();
    return out;
  }

  var termList = null;
  function lookup(idx, tok) {
    var docs = {};
    function add(list) { list.forEach(function (d) { docs[d] = true; }); }
    if (idx.terms[tok.t]) add(idx.terms[tok.t]);
    if (tok.prefix) {
      if (!termList) termList = Object.keys(idx.terms).sort();
      var lo = 0, hi = termList.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (termList[mid] < tok.t) lo = mid + 1; else hi = mid; }
      for (var i = lo; i < termList.length && termList[i].lastIndexOf(tok.t, 0) === 0; i++) add(idx.terms[termList[i]]);
    }
    return docs;
  }

  function search(q) {
    var idx = window.tallySearch;
    var toks = tokens(q);
    if (!idx || !toks.length) return [];
    var hits = null;
    toks.forEach(function (tok) {
      var docs = lookup(idx, tok);
      if (hits === null) { hits = docs; return; }
      Object.keys(hits).forEach(function (d) { if (!docs[d]) delete hits[d]; });
    });
    var ql = q.trim().toLowerCase();
    return Object.keys(hits || {}).map(Number).map(function (d) {
      var title = idx.docs[d][1].toLowerCase(), text = idx.text[d].toLowerCase(), score = 0;
      if (title.indexOf(ql) >= 0) score += 10;
      if (text.indexOf(ql) >= 0) score += 3;
      return { d: d, score: score };
    }).sort(function (a, b) { return b.score - a.score || a.d - b.d; }).slice(0, 12).map(function (r) { return r.d; });
  }

  // highlight appends text to el with the query's words marked.
  function highlight(el, text, q) {
    var words = q.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var lower = text.toLowerCase(), i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      words.forEach(function (w) {
        var j = lower.indexOf(w, i);
        if (j >= 0 && (best < 0 || j < best)) { best = j; len = w.length; }
      });
      if (best < 0) { el.appendChild(doc.createTextNode(text.slice(i))); break; }
      if (best > i) el.appendChild(doc.createTextNode(text.slice(i, best)));
      var m = doc.createElement("mark");
      m.textContent = text.slice(best, best + len);
      el.appendChild(m);
      i = best + len;
    }
  }

  function show(q) {
    var idx = window.tallySearch;
    box.textContent = "";
    active = -1;
    if (!q.trim()) { box.hidden = true; return; }
    if (!idx) { load(); return; }
    var found = search(q);
    if (!found.length) {
      var none = doc.createElement("p");
      none.className = "search-none";
      none.textContent = (body.getAttribute("data-search-none") || "Nothing found for “{q}”").replace("{q}", q.trim());
      box.appendChild(none);
    }
    found.forEach(function (d, i) {
      var a = doc.createElement("a");
      a.className = "search-hit";
      a.setAttribute("role", "option");
      a.id = "t_hit_" + i;
      a.href = root + idx.docs[d][0];
      var t = doc.createElement("span");
      t.className = "hit-title";
      highlight(t, idx.docs[d][1], q);
      a.appendChild(t);
      if (idx.docs[d][1] !== idx.docs[d][2]) {
        var c = doc.createElement("span");
        c.className = "hit-chapter";
        c.textContent = idx.docs[d][2];
        a.appendChild(c);
      }
      var x = doc.createElement("span");
      x.className = "hit-text";
      highlight(x, idx.text[d], q);
      a.appendChild(x);
      box.appendChild(a);
    });
    box.hidden = false;
  }

  function load() {
    if (loading || window.tallySearch) return;
    loading = true;
    var s = doc.createElement("script");
    s.src = body.getAttribute("data-search-index");
    s.onload = function () { termList = null; show(input.value); };
    doc.head.appendChild(s);
  }

  function move(step) {
    var hits = box.querySelectorAll(".search-hit");
    if (!hits.length) return;
    active = (active + step + hits.length) % hits.length;
    hits.forEach(function (h, i) { h.classList.toggle("active", i === active); });
    input.setAttribute("aria-activedescendant", hits[active].id);
    hits[active].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { show(input.value); }, 60);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
    else if (e.key === "Enter") {
      var hits = box.querySelectorAll(".search-hit");
      if (hits.length) { e.preventDefault(); hits[Math.max(active, 0)].click(); }
    } else if (e.key === "Escape") { input.value = ""; show(""); input.blur(); }
  });
  doc.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "/" && !(t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable)) {
      e.preventDefault();
      input.focus();
    }
  });
  doc.addEventListener("click", function (e) {
    if (!box.contains(e.target) && e.target !== input) box.hidden = true;
  });
})();
