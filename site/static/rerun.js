/* tally: the parameter panel of a chapter page. The reader changes the
   chapter's parameters and runs its code again; the outputs, figures and
   claim marks of the page then show that run, until "Back to the book's
   run" puts the book's back (without a request).

   The run happens under tally serve on the local server (the server sets
   window.tallyServe and answers POST /__tally/rerun), and in the static
   site in the browser: assets/rerun-wasm.js, loaded when the reader first
   touches the panel (never on the page's load), gets the program ready
   ahead of a run (window.tallyWasmPrepare) and defines
   window.tallyWasmRun(chapter, params, lang, limit) → Promise of the
   same result, and window.tallyWasmStop(). The page marks what a run
   replaces with data-snippet, data-figure and data-claim (see
   site/doc.go).

   While a run is in progress the panel is aria-busy and shows a Stop
   button (Escape in the panel does the same): under tally serve it drops
   the request, which stops the run on the server; in the browser it
   terminates the run's worker. The chapter's time limit (meta
   tally-timeout, in seconds) is the server's under tally serve and is
   applied here in the browser. A stopped run leaves the book's values on
   the page, as a failed one does. */
(function () {
  "use strict";
  var panel = document.getElementById("t_rerun");
  if (!panel) return;
  var form = panel.querySelector("form");
  var runBtn = panel.querySelector(".rerun-run");
  var resetBtn = panel.querySelector(".rerun-reset");
  var stopBtn = panel.querySelector(".rerun-stop");
  var status = panel.querySelector(".rerun-status");
  var errorBox = panel.querySelector(".rerun-error");
  var summary = document.getElementById("t_rerun_summary");
  var chapter = panel.getAttribute("data-chapter");
  var lang = panel.getAttribute("data-lang") || "";
  var mode = panel.getAttribute("data-mode");
  var root = document.body.getAttribute("data-root") || "";
  var seq = 0;         // the latest run asked for; older answers are dropped
  var saved = null;    // the book's outputs, figures and marks, once replaced
  var wasm = null;     // the promise of the wasm loader
  var busy = false;    // a run is in progress
  var aborter = null;  // under tally serve: aborts the requests in progress
  var limitMeta = document.querySelector('meta[name="tally-timeout"]');
  var limit = limitMeta ? Number(limitMeta.getAttribute("content")) || 0 : 0; // seconds; 0: none

  function msg(key, vars) {
    var s = panel.getAttribute("data-msg-" + key) || key;
    return s.replace(/\{(\w+)\}/g, function (m, k) {
      return vars && k in vars ? String(vars[k]) : m;
    });
  }

  // ---- inputs ------------------------------------------------------------

  var logSteps = 1000; // positions of a log-scale slider

  var params = [].map.call(panel.querySelectorAll(".rerun-param"), function (div) {
    var p = {
      name: div.getAttribute("data-param"),
      kind: div.getAttribute("data-kind"),
      book: div.getAttribute("data-value"),
      min: div.hasAttribute("data-min") ? Number(div.getAttribute("data-min")) : null,
      max: div.hasAttribute("data-max") ? Number(div.getAttribute("data-max")) : null,
      step: div.getAttribute("data-step"),
      log: div.hasAttribute("data-log"),
      input: div.querySelector("input.rerun-input, select"),
      slider: div.querySelector("input.rerun-slider")
    };
    if (p.slider) setupSlider(p);
    p.input.addEventListener("input", function () {
      p.input.removeAttribute("aria-invalid");
      var v = Number(p.input.value);
      if (p.slider && p.input.value.trim() !== "" && isFinite(v)) placeSlider(p, v);
    });
    return p;
  });

  function setupSlider(p) {
    var s = p.slider;
    if (p.log) {
      s.min = 0; s.max = logSteps; s.step = 1;
    } else {
      s.min = p.min; s.max = p.max;
      s.step = p.step || (p.kind === "int" ? 1 : "any");
    }
    placeSlider(p, Number(p.book));
    s.addEventListener("input", function () {
      var v;
      if (p.log) {
        var t = Number(s.value) / logSteps;
        v = Math.exp(Math.log(p.min) + t * (Math.log(p.max) - Math.log(p.min)));
        v = Number(v.toPrecision(3));
      } else {
        v = Number(s.value);
      }
      if (p.kind === "int") v = Math.round(v);
      v = Math.min(p.max, Math.max(p.min, v));
      p.input.value = String(v);
      p.input.removeAttribute("aria-invalid");
      s.setAttribute("aria-valuetext", p.input.value);
    });
  }

  function placeSlider(p, v) {
    var s = p.slider;
    v = Math.min(p.max, Math.max(p.min, v));
    if (p.log) {
      s.value = Math.round(logSteps * (Math.log(v) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min)));
    } else {
      s.value = v;
    }
    s.setAttribute("aria-valuetext", String(v));
  }

  var floatRE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
  var intRE = /^[+-]?\d+$/;

  // values returns the overrides (the parameters that differ from the
  // book's values), or shows what is wrong and returns null.
  function values() {
    var out = {}, n = 0;
    for (var i = 0; i < params.length; i++) {
      var p = params[i];
      var s = p.input.value.trim();
      var bad = null;
      if (p.kind === "float" && !floatRE.test(s)) bad = msg("number", {name: p.name, value: s});
      else if (p.kind === "int" && !intRE.test(s)) bad = msg("integer", {name: p.name, value: s});
      else if (p.kind === "bool" && s !== "true" && s !== "false") bad = msg("bool", {name: p.name});
      else if (p.kind === "float" || p.kind === "int") {
        var v = Number(s);
        if (p.min !== null && v < p.min) bad = msg("min", {name: p.name, value: s, min: p.min});
        else if (p.max !== null && v > p.max) bad = msg("max", {name: p.name, value: s, max: p.max});
      }
      if (bad) {
        p.input.setAttribute("aria-invalid", "true");
        showError(bad);
        p.input.focus();
        return null;
      }
      p.input.removeAttribute("aria-invalid");
      if (same(p, s)) continue;
      out[p.name] = s;
      n++;
    }
    return {params: out, n: n};
  }

  function same(p, s) {
    if (p.kind === "float" || p.kind === "int") return Number(s) === Number(p.book);
    return s === p.book;
  }

  function showError(text, detail) {
    errorBox.textContent = text;
    if (detail) {
      var pre = document.createElement("pre");
      pre.textContent = detail;
      errorBox.appendChild(pre);
    }
    errorBox.hidden = false;
    status.textContent = "";
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
  }

  // ---- running -----------------------------------------------------------

  function post(body) {
    if (!aborter) aborter = new AbortController();
    return fetch(root + "__tally/rerun", {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body),
      signal: aborter.signal
    }).then(function (r) {
      return r.json().catch(function () { return {error: r.status + " " + r.statusText}; }).then(function (j) {
        if (!r.ok) throw new Error(j.error || r.statusText);
        return j;
      });
    });
  }

  function loadWasm() {
    if (!wasm) {
      wasm = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + "assets/rerun-wasm.js";
        s.onload = function () {
          if (typeof window.tallyWasmRun === "function") resolve(window.tallyWasmRun);
          else reject(new Error(msg("unavailable")));
        };
        s.onerror = function () { wasm = null; reject(new Error(msg("unavailable"))); };
        document.head.appendChild(s);
      });
    }
    return wasm;
  }

  // warm gets the browser's program ready the first time the reader
  // touches the panel (a field or button gets the focus, or a pointer goes
  // down in it): fetched, compiled and started in its worker while the
  // reader picks values, so that Run pays for the chapter only. The
  // page's load itself fetches no program; a failure here is left for Run
  // to report.
  function warm() {
    panel.removeEventListener("focusin", warm);
    panel.removeEventListener("pointerdown", warm);
    if (window.tallyServe || mode === "serve-only") return;
    loadWasm().then(function () {
      if (typeof window.tallyWasmPrepare === "function") window.tallyWasmPrepare();
    }, function () {});
  }
  panel.addEventListener("focusin", warm);
  panel.addEventListener("pointerdown", warm);

  function run(overrides) {
    if (window.tallyServe) {
      var body = {chapter: chapter, params: overrides};
      if (lang) body.lang = lang;
      return post(body);
    }
    if (mode === "serve-only") return Promise.reject(new Error(msg("serveonly")));
    var mine = seq;
    return loadWasm().then(function (f) {
      return f(chapter, overrides, lang, limit, function (p) { if (mine === seq) progress(p); });
    });
  }

  // progress shows how far a run has come: what it loads or runs, then
  // (book.Progress in its program) the step and the loss in the status
  // line, and the losses so far as a curve under it, which grows with the
  // run.
  var losses = [];
  var curve = null;
  function progress(p) {
    if (p.phase) {
      // What the run does before and between the trainer's steps: loading
      // the program or the data (with the bytes so far), starting, and
      // which code block runs.
      var mb = function (n) { return (n / 1e6).toFixed(1); };
      if (p.phase === "data") status.textContent = p.total > 0 ? msg("data", {got: mb(p.got), total: mb(p.total)}) : msg("dataplain");
      else if (p.phase === "snippet") status.textContent = msg("snippet", {n: p.snippet + 1});
      else if (p.phase === "program" || p.phase === "start") status.textContent = msg(p.phase);
      return;
    }
    for (var i = 0; i < p.losses.length; i++) losses.push(p.losses[i]);
    var last = losses.length ? losses[losses.length - 1] : NaN;
    status.textContent = msg("progress", {step: p.step, total: p.total, loss: isFinite(last) ? last.toPrecision(4) : String(last)});
    if (!curve) {
      curve = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      curve.setAttribute("class", "rerun-progress");
      curve.setAttribute("viewBox", "0 0 300 60");
      curve.setAttribute("preserveAspectRatio", "none");
      curve.setAttribute("aria-hidden", "true");
      curve.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "polyline"));
      status.parentNode.insertBefore(curve, status.nextSibling);
    }
    var max = 0;
    for (i = 0; i < losses.length; i++) if (isFinite(losses[i]) && losses[i] > max) max = losses[i];
    var every = Math.max(1, Math.ceil(losses.length / 300)), pts = [];
    for (i = 0; i < losses.length; i += every) {
      var v = isFinite(losses[i]) ? losses[i] : max;
      pts.push((300 * i / Math.max(1, p.total - 1)).toFixed(1) + "," + (60 - 58 * v / (max || 1)).toFixed(1));
    }
    curve.firstChild.setAttribute("points", pts.join(" "));
  }

  function endProgress() {
    losses = [];
    if (curve) curve.remove();
    curve = null;
  }

  // setBusy shows whether a run is in progress, and the Stop button with
  // it; focus on the Stop button goes back to Run when it hides.
  function setBusy(on) {
    busy = on;
    if (on) panel.setAttribute("aria-busy", "true");
    else panel.removeAttribute("aria-busy");
    if (stopBtn) {
      if (!on && document.activeElement === stopBtn) runBtn.focus();
      stopBtn.hidden = !on;
    }
  }

  // stop stops the runs in progress and those queued: their answers come
  // back as stopped runs.
  function stop() {
    if (window.tallyServe) {
      if (aborter) aborter.abort();
      aborter = null;
    } else if (typeof window.tallyWasmStop === "function") {
      window.tallyWasmStop();
    }
  }

  function stoppedRun() {
    restore(true);
    status.textContent = msg("stopped");
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearError();
    var v = values();
    if (!v) return;
    if (v.n === 0) {
      restore();
      return;
    }
    var mine = ++seq;
    var t0 = performance.now();
    status.textContent = msg("running");
    setBusy(true);
    endProgress();
    run(v.params).then(function (res) {
      if (mine !== seq) return; // a later run replaced this one
      setBusy(false);
      endProgress();
      if (res.stopped === "limit") {
        restore(true);
        showError(msg("limit", {s: limit}));
        return;
      }
      if (res.stopped) {
        stoppedRun();
        return;
      }
      if (res.error) {
        restore(true);
        showError(msg("failed"), res.error);
        return;
      }
      apply(res);
      status.textContent = msg("done", {s: ((performance.now() - t0) / 1000).toFixed(2)});
      if (res.thread) status.textContent += " " + msg("thread");
    }, function (err) {
      if (mine !== seq) return;
      setBusy(false);
      endProgress();
      if (err.name === "AbortError") stoppedRun();
      else showError(err.message);
    });
  });

  if (stopBtn) stopBtn.addEventListener("click", stop);
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && busy) {
      e.preventDefault();
      stop();
    }
  });

  resetBtn.addEventListener("click", function () {
    seq++; // an answer still on its way is not wanted any more
    if (busy) stop();
    endProgress();
    setBusy(false);
    clearError();
    restore();
    for (var i = 0; i < params.length; i++) {
      var p = params[i];
      p.input.value = p.book;
      p.input.removeAttribute("aria-invalid");
      if (p.slider) placeSlider(p, Number(p.book));
    }
    status.textContent = msg("reset");
  });

  // ---- the page ----------------------------------------------------------

  function save() {
    if (saved) return;
    saved = {claims: [], outputs: [], figures: []};
    each("[data-claim]", function (el) {
      saved.claims.push({el: el, cls: el.className, html: el.innerHTML});
    });
    each(".output[data-snippet]", function (el) {
      saved.outputs.push({el: el, html: el.innerHTML});
    });
    each("img[data-figure]", function (el) {
      var a = el.closest("a");
      saved.figures.push({el: el, src: el.getAttribute("src"), a: a, href: a && a.getAttribute("href")});
    });
  }

  // restore puts the book's run back; quiet keeps the status line.
  function restore(quiet) {
    if (saved) {
      saved.claims.forEach(function (s) { s.el.className = s.cls; s.el.innerHTML = s.html; });
      saved.outputs.forEach(function (s) { s.el.innerHTML = s.html; });
      saved.figures.forEach(function (s) {
        s.el.setAttribute("src", s.src);
        if (s.a) s.a.setAttribute("href", s.href);
      });
      saved = null;
    }
    summary.hidden = true;
    summary.textContent = "";
    resetBtn.disabled = true;
    if (!quiet) status.textContent = msg("reset");
  }

  function each(sel, f) { [].forEach.call(document.querySelectorAll(sel), f); }

  function apply(res) {
    restore(true);
    save();
    var hold = 0, changed = 0, errors = 0;
    (res.claims || []).forEach(function (c) {
      if (c.status === "holds") hold++;
      else if (c.status === "changed") changed++;
      else errors++;
      var el = document.querySelector('[data-claim="' + c.index + '"]');
      if (el) markClaim(el, c);
    });
    (res.snippets || []).forEach(function (s) {
      var el = document.querySelector('.output[data-snippet="' + s.index + '"]');
      if (el) setOutput(el, s);
    });
    (res.figures || []).forEach(function (f) {
      each('img[data-figure="' + f.name + '"]', function (img) {
        img.setAttribute("src", f.src);
        var a = img.closest("a");
        if (a) a.setAttribute("href", f.src);
      });
    });
    var names = Object.keys(res.params || {}).sort();
    var under = names.map(function (n) { return n + "=" + res.params[n]; }).join(", ") || msg("book");
    var text = msg(hold === 1 ? "summary-one" : "summary", {params: under, hold: hold, changed: changed});
    if (errors) text += msg("errors", {errors: errors});
    summary.textContent = text;
    summary.hidden = false;
    resetBtn.disabled = false;
  }

  var marks = {holds: "✓", changed: "≠", error: "✗"};

  function markClaim(el, c) {
    el.className = "claim claim-rerun claim-rerun-" + c.status;
    var label = msg(c.status);
    // A statement may hold checked numbers: only its own mark and tip.
    var btn = el.querySelector(":scope > .claim-mark");
    if (btn) {
      btn.textContent = marks[c.status] || "?";
      btn.setAttribute("aria-label", label);
    }
    var tip = el.querySelector(":scope > .claim-tip");
    if (!tip) return;
    var title = tip.querySelector(".tip-title");
    if (title) title.textContent = label;
    var value = tip.querySelector(".tip-value");
    if (value && c.value) value.textContent = c.value;
    [].forEach.call(tip.querySelectorAll(".tip-msg"), function (m) { m.remove(); });
    var note = c.status === "changed" ? msg("gives", {written: c.written, value: c.value}) : c.note;
    if (note) {
      var row = document.createElement("span");
      row.className = "tip-row tip-msg tip-rerun";
      row.textContent = note;
      var pos = tip.querySelector(".tip-pos");
      tip.insertBefore(row, pos);
    }
  }

  function setOutput(el, s) {
    var pre = el.querySelector("pre.stdout");
    if (!pre) {
      pre = document.createElement("pre");
      pre.className = "stdout";
      var head = el.querySelector(".output-head");
      el.insertBefore(pre, head ? head.nextSibling : el.firstChild);
    }
    pre.textContent = s.stdout;
    var err = el.querySelector("pre.stderr");
    if (err) err.textContent = s.stderr || "";
    [].forEach.call(el.querySelectorAll(".check, .empty, .cut"), function (c) { c.remove(); });
    el.classList.add("output-rerun");
    if (s.output === "changed") {
      var p = document.createElement("p");
      p.className = "check check-rerun";
      p.textContent = msg("output") + (s.note ? ": " + s.note : "");
      el.appendChild(p);
    }
  }
})();
