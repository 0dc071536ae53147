// rerun-wasm.js re-runs a chapter in the browser, for the parameter panel
// of the static site (rerun.js loads it on the first Run click, never on
// page load). It defines window.tallyWasmRun(slug, params, lang), which
// runs the chapter's program built for GOOS=js GOARCH=wasm with the
// parameters (name → value, as strings) and resolves to its RerunResult:
// the program itself re-checks the claims and output blocks, with tally's
// own Go code (package runner/book's browser harness), those of the
// translation into lang on a translation's page, and draws the figures
// with that language's figure text.
//
// Everything comes from the site: assets/wasm_exec.js (the Go
// distribution's) and wasm/SLUG.js, the program in base64 inside a script,
// which a <script> tag loads from file:// as well as over http. Each is
// loaded once; the compiled module is kept for the next run. Runs are
// queued, so two clicks never mix their output.
(() => {
  "use strict";
  const root = new URL("../", document.currentScript.src); // the site's root
  const slugRE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
  const modules = new Map(); // slug → Promise<WebAssembly.Module>
  const waiting = new Map(); // slug → the resolve of its program's script
  let support = null;
  let queue = Promise.resolve();

  function load(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = url.href;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error("could not load " + url.pathname));
      document.head.appendChild(s);
    });
  }

  // tallyWasmData receives a program from its script.
  window.tallyWasmData = (slug, base64) => {
    const resolve = waiting.get(slug);
    if (resolve) {
      waiting.delete(slug);
      resolve(base64);
    }
  };

  function decode(base64) {
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(base64);
    const bin = atob(base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function module(slug) {
    let m = modules.get(slug);
    if (!m) {
      m = new Promise((resolve, reject) => {
        waiting.set(slug, resolve);
        load(new URL("wasm/" + slug + ".js", root)).then(() => {
          if (waiting.has(slug)) reject(new Error("wasm/" + slug + ".js holds no program for " + slug));
        }, reject);
      }).then((base64) => WebAssembly.compile(decode(base64)));
      m.catch(() => modules.delete(slug)); // try again on the next click
      modules.set(slug, m);
    }
    return m;
  }

  function failed(slug, params, msg) {
    return { chapter: slug, params: params, error: msg, snippets: [], figures: [], claims: [], summary: "" };
  }

  async function run(slug, params, lang) {
    if (!slugRE.test(slug)) return failed(slug, params, "not a chapter: " + slug);
    support ??= window.Go ? Promise.resolve() : load(new URL("assets/wasm_exec.js", root));
    support.catch(() => { support = null; });
    await support;
    const mod = await module(slug);
    const go = new Go();
    go.env = { TALLY_RERUN: JSON.stringify({ params: params || {}, lang: lang || "" }) };
    // What the program prints is kept for it: it takes it at each snippet
    // (tallyWasmTake) and puts it in the result.
    const streams = { 1: [], 2: [] };
    let result = null;
    const fsys = globalThis.fs;
    const writeSync = fsys.writeSync;
    fsys.writeSync = (fd, buf) => {
      if (!streams[fd]) return writeSync.call(fsys, fd, buf);
      streams[fd].push(buf.slice());
      return buf.length;
    };
    window.tallyWasmTake = (fd) => {
      const parts = streams[fd] || [];
      let n = 0;
      for (const b of parts) n += b.length;
      const all = new Uint8Array(n);
      n = 0;
      for (const b of parts) { all.set(b, n); n += b.length; }
      parts.length = 0;
      return all;
    };
    window.tallyWasmResult = (json) => { result = json; };
    try {
      await go.run(await WebAssembly.instantiate(mod, go.importObject));
    } catch (e) {
      return failed(slug, params, "the chapter's program failed in the browser: " + e.message);
    } finally {
      fsys.writeSync = writeSync;
      delete window.tallyWasmTake;
      delete window.tallyWasmResult;
    }
    if (result === null) {
      return failed(slug, params, "the chapter's program stopped without a result (the browser's console says why)");
    }
    return JSON.parse(result);
  }

  window.tallyWasmRun = (slug, params, lang) => {
    const p = queue.then(() => run(slug, params, lang));
    queue = p.catch(() => {});
    return p;
  };
})();
