// rerun-wasm.js re-runs a chapter in the browser, for the parameter panel
// of the static site (rerun.js loads it when the reader first touches the
// panel, never on page load, and calls window.tallyWasmPrepare, which gets
// the program ready ahead of a run). It defines
// window.tallyWasmRun(slug, params, lang, limit),
// which runs the book's program built for GOOS=js GOARCH=wasm with the
// chapter slug, the parameters (name → value, as strings) and resolves to
// its RerunResult: the program itself re-checks the claims and output
// blocks, with tally's own Go code (package book's browser
// harness), those of the translation into lang on a translation's page,
// and draws the figures with that language's figure text. A run that was
// stopped resolves to a result whose field stopped says why: "stop"
// (window.tallyWasmStop) or "limit" (it ran for limit seconds, the
// chapter's time limit).
//
// The program runs in a Web Worker, so the page stays responsive and a run
// can be stopped: stopping terminates the worker, and the next run makes
// another. The worker's script is made in the page, as a blob: URL, from
// the text of the Go distribution's wasm_exec.js and the function worker
// below: Chromium refuses a worker's script from a file: URL, but not from
// a blob: one. Where workers are refused (a host whose Content Security
// Policy forbids them), the program runs on the page's thread, as it did
// before workers: see here().
//
// Everything comes from the site: assets/wasm_exec.js (the text of the Go
// distribution's) and the book's one program, named by the page's meta
// tally-program (wasm/book-HASH), gzip-compressed, in wasm/book-HASH.js, a
// byte script: tallyWasmData("NAME","BYTES") whose string holds the bytes
// themselves, one a character, with ", \, LF and CR escaped (the data
// files have the same form, with their SHA-256 after the bytes). From
// file://, where fetch cannot work, the page loads it as a script in the
// encoding x-user-defined, where each character's code modulo 256 is its
// byte; over http(s) it fetches the file and takes the bytes out of the
// string itself (a server may send it as UTF-8), unpacks them through a
// DecompressionStream and compiles the program while it streams in. Each
// is loaded once; the compiled module is kept by the page for the next
// runs, and the worker between runs, with the data files, which it loads
// itself over http(s) and receives (transferred, not copied) from the
// page from file:// (see worker). Runs are queued, so two clicks never
// mix their output.
(() => {
  "use strict";
  const root = new URL("../", document.currentScript.src); // the site's root
  const slugRE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
  const programRE = /^wasm\/book-[0-9a-f]{16}$/;
  const programMeta = document.querySelector('meta[name="tally-program"]');
  const program = programMeta ? programMeta.getAttribute("content") : "";
  let compiled = null; // Promise<WebAssembly.Module> of the book's program
  const waiting = new Map(); // program name → the resolve of its script
  let execText = null; // Promise of the text of wasm_exec.js
  let execResolve = null;
  let spawned = null;  // Promise of the worker, kept between runs
  const workerHas = new Set(); // data files the worker holds (from file://, where the page loads them)
  let noWorker = false; // set when the browser refused the worker: runs go on the page's thread
  let current = null;  // the run in progress: {stop(reason)}
  let stops = 0;       // counts tallyWasmStop calls: a queued run older than the last one does not start
  let runs = 0;        // ids of runs, to match the worker's answers
  let queue = Promise.resolve();

  // load loads a script; a byte script (bytes true) in the encoding
  // x-user-defined.
  function load(url, bytes) {
    return new Promise((resolve, reject) => {
      const s = document.createElement("script");
      if (bytes) s.charset = "x-user-defined";
      s.src = url.href;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error("could not load " + url.pathname));
      document.head.appendChild(s);
    });
  }

  // tallyWasmData receives the program, or a data file, from its byte
  // script: its name, its bytes (a string, a character a byte) and, for a
  // data file, a SHA-256, and for a packed one "sparse", the length of
  // its content and of its mask (see unpack).
  window.tallyWasmData = (name, text, sum, kind, length, maskLen) => {
    const resolve = waiting.get(name);
    if (resolve) {
      waiting.delete(name);
      resolve({ text: text, sum: sum, kind: kind, length: length, maskLen: maskLen });
    }
  };

  // tallyWasmExec receives the text of wasm_exec.js from its script.
  window.tallyWasmExec = (text) => {
    if (execResolve) {
      execResolve(text);
      execResolve = null;
    }
  };

  function exec() {
    if (!execText) {
      execText = new Promise((resolve, reject) => {
        execResolve = resolve;
        load(new URL("assets/wasm_exec.js", root)).then(() => {
          if (execResolve) reject(new Error("assets/wasm_exec.js holds no wasm_exec.js"));
        }, reject);
      });
      execText.catch(() => { execText = null; }); // try again on the next click
    }
    return execText;
  }

  // decode returns the bytes of a byte script's string, as the script
  // gave it, from character from to character to: each character's code
  // modulo 256 (x-user-defined maps byte 0x80 + i to U+F780 + i).
  function decode(text, from = 0, to = text.length) {
    const bytes = new Uint8Array(to - from);
    for (let i = from; i < to; i++) bytes[i - from] = text.charCodeAt(i) & 0xff;
    return bytes;
  }

  // decoded returns a stream of the bytes of a byte script's string,
  // decoded a megabyte at a time as the stream is read, so that
  // unpacking and compiling the program go on while the rest is decoded,
  // and the string's bytes are never all held at once.
  function decoded(text) {
    let at = 0;
    return new ReadableStream({
      pull(ctl) {
        const end = Math.min(at + (1 << 20), text.length);
        ctl.enqueue(decode(text, at, end));
        at = end;
        if (at >= text.length) ctl.close();
      },
    });
  }

  // unescaper returns a TransformStream that takes the bytes of the byte
  // script of name, as a server sends them, and passes on the bytes of its
  // string; it fails on a file that is not that script, or that ends
  // before its string does. What follows the string (the SHA-256 of a data
  // file) goes into after.text, up to 200 characters.
  function unescaper(name, after) {
    const head = new TextEncoder().encode("tallyWasmData(" + JSON.stringify(name) + ',"');
    let at = 0;          // bytes of head matched so far
    let esc = false;     // the last byte was a backslash
    let done = false;    // the string ended
    const unesc = { 0x6e: 0x0a, 0x72: 0x0d, 0x22: 0x22, 0x5c: 0x5c }; // n r " \
    return new TransformStream({
      transform(chunk, ctl) {
        let i = 0;
        while (at < head.length && i < chunk.length) {
          if (chunk[i++] !== head[at++]) throw new Error("it holds no " + name);
        }
        if (done) {
          if (after.text.length < 200) after.text += String.fromCharCode(...chunk.subarray(i, i + 200));
          return;
        }
        const out = new Uint8Array(chunk.length - i);
        let n = 0;
        for (; i < chunk.length; i++) {
          const b = chunk[i];
          if (esc) {
            const v = unesc[b];
            if (v === undefined) throw new Error("a bad escape in its bytes");
            out[n++] = v;
            esc = false;
          } else if (b === 0x5c) {
            esc = true;
          } else if (b === 0x22) {
            done = true;
            after.text += String.fromCharCode(...chunk.subarray(i + 1, i + 201));
            break;
          } else {
            out[n++] = b;
          }
        }
        if (n > 0) ctl.enqueue(out.subarray(0, n));
      },
      flush() {
        if (!done) throw new Error("it ends before its bytes do");
      },
    });
  }

  // fetchBytes fetches the byte script js of name over http(s) and
  // resolves to the stream of its string's bytes, or to null where the
  // browser cannot fetch it (the page loads it as a script then).
  async function fetchBytes(js, name, what, after) {
    if (location.protocol !== "http:" && location.protocol !== "https:") return null;
    let resp;
    try {
      resp = await fetch(new URL(js, root));
    } catch (e) {
      console.warn("tally: cannot fetch " + js + ", loading it as a script:", e.message);
      return null;
    }
    if (!resp.ok) throw new Error(js + " is missing (HTTP " + resp.status + "): " + what);
    return resp.body.pipeThrough(unescaper(name, after || { text: "" }));
  }

  // scriptBytes loads the byte script js of name as a script and resolves
  // to its string and SHA-256.
  function scriptBytes(js, name, what) {
    return new Promise((resolve, reject) => {
      waiting.set(name, resolve);
      load(new URL(js, root), true).then(() => {
        if (waiting.has(name)) reject(damaged(js, "it holds no " + name));
      }, () => reject(new Error(js + " is missing or cannot be read: " + what)));
    }).finally(() => waiting.delete(name));
  }

  const rebuild = "build the site again with tally build, or copy the site's wasm folder again";

  // damaged is the error of a program file that does not unpack or compile.
  function damaged(file, e) {
    const m = String(e && e.message || e);
    if (/Refused to compile|wasm-unsafe-eval|unsafe-eval/.test(m)) {
      return new Error("This page may not run WebAssembly (its Content Security Policy forbids it), so the chapter cannot be re-run here: " + m);
    }
    return new Error(file + " is damaged (" + m + "): " + rebuild);
  }

  // compile fetches the book's program and compiles it: over http(s)
  // while it streams in, unpacked on the way; from file://, from its
  // script.
  async function compile() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.compile !== "function") {
      throw new Error("This browser cannot run WebAssembly, so the chapter cannot be re-run here; the page keeps the book's values.");
    }
    if (typeof DecompressionStream !== "function") {
      throw new Error("This browser cannot unpack the chapter's program (it has no DecompressionStream); a recent browser can.");
    }
    if (!programRE.test(program)) {
      throw new Error("The page names no program for the browser (meta tally-program): " + rebuild);
    }
    const js = program + ".js";
    const name = program.slice("wasm/".length);
    const t0 = performance.now();
    const stream = await fetchBytes(js, name, rebuild);
    if (stream) {
      try {
        const body = stream.pipeThrough(new DecompressionStream("gzip"));
        const mod = await WebAssembly.compileStreaming(new Response(body, { headers: { "Content-Type": "application/wasm" } }));
        measure("tally program", t0);
        return mod;
      } catch (e) {
        throw damaged(js, e);
      }
    }
    // From file://: the script's string, decoded, unpacked and compiled
    // as a stream, as over http(s).
    const got = await scriptBytes(js, name, rebuild);
    measure("tally program script", t0);
    try {
      const body = decoded(got.text).pipeThrough(new DecompressionStream("gzip"));
      const mod = await WebAssembly.compileStreaming(new Response(body, { headers: { "Content-Type": "application/wasm" } }));
      measure("tally program", t0);
      return mod;
    } catch (e) {
      throw damaged(js, e);
    }
  }

  // measure adds the phase name, from start to now, to the page's
  // performance timeline (the browser's developer tools show it, the
  // benchmarks read it) and returns now.
  function measure(name, start, end) {
    end ??= performance.now();
    try {
      performance.measure(name, { start: start, end: end });
    } catch (e) {
      // a browser without measure's options: the timeline is only for looking
    }
    return end;
  }

  // timeline adds the phases of a run that the program reports (its
  // times, in ms since 1970: see book's rerunTimes) to the page's
  // performance timeline: "tally go start" the Go runtime and every
  // package's init, "tally wait" a program started ahead waiting for the
  // click, "tally chapter" the chapter's run and the checks of its claims.
  function timeline(r) {
    const t = r && r.times;
    if (!t || !(t.start > 0)) return;
    const at = (ms) => ms - performance.timeOrigin;
    measure("tally go start", at(t.start), at(t.main));
    measure("tally wait", at(t.main), at(t.asked));
    measure("tally chapter", at(t.asked), at(t.done));
  }

  // The data files the chapter's program reads (meta tally-data, from its
  // front matter's data:), each loaded once, on the first Run that needs
  // it, from its byte script (fetched over http(s), as a script from
  // file://), whose SHA-256 is checked where the browser can
  // (crypto.subtle: https, localhost and file://).
  const dataMeta = document.querySelector('meta[name="tally-data"]');
  const dataFiles = dataMeta ? dataMeta.getAttribute("content").split(/\s+/).filter(Boolean) : [];
  const dataRE = /^data\/[A-Za-z0-9._~+-]+(\/[A-Za-z0-9._~+-]+)*$/;
  const loaded = new Map(); // site path → Promise<Uint8Array>

  function hex(buf) {
    return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const dataWhat = rebuild.replace("wasm folder", "data folder");

  // rawData loads the byte script of the data file file on the page: over
  // http(s) fetched (for a run on the page's thread: a worker fetches its
  // own, see dataFile), from file:// as a script. It resolves to {buf,
  // sum, kind, length, maskLen}: the bytes of its string, before unpack,
  // and what follows them.
  async function rawData(file) {
    const js = file + ".js";
    if (!dataRE.test(file) || file.split("/").includes("..")) throw new Error("not a data file: " + file);
    const after = { text: "" };
    const stream = await fetchBytes(js, file, dataWhat, after);
    if (stream) {
      let bytes;
      try {
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      } catch (e) {
        throw damaged(js, e.message);
      }
      const m = /^,"([0-9a-f]{64})"(?:,"(sparse)",(\d+),(\d+))?\);/.exec(after.text);
      if (!m) throw damaged(js, "it records no SHA-256");
      return { buf: bytes.buffer, sum: m[1], kind: m[2], length: Number(m[3]), maskLen: Number(m[4]) };
    }
    const got = await scriptBytes(js, file, dataWhat);
    return { buf: decode(got.text).buffer, sum: got.sum, kind: got.kind, length: got.length, maskLen: got.maskLen };
  }

  // unpack puts together the content of a gzip data file that tally
  // build packed (site.packData): packed is a raw DEFLATE stream of
  // maskLen bytes, the mask of the content's bytes that are not zero (bit
  // i%8 of byte i/8 for byte i), then one of those bytes, in order.
  async function unpack(packed, length, maskLen) {
    const inflate = async (b) => new Uint8Array(await new Response(
      new Blob([b]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer());
    const [mask, values] = await Promise.all([inflate(packed.subarray(0, maskLen)), inflate(packed.subarray(maskLen))]);
    if (mask.length !== Math.ceil(length / 8)) throw new Error("its mask has " + mask.length + " bytes for " + length);
    const out = new Uint8Array(length);
    let k = 0;
    for (let j = 0; j < mask.length; j++) {
      const m = mask[j];
      if (m === 0) continue;
      for (let b = 0; b < 8; b++) {
        if (m & (1 << b)) out[j * 8 + b] = values[k++];
      }
    }
    if (k !== values.length) throw new Error("it has " + values.length + " bytes for a mask of " + k);
    return out;
  }

  // storedGzip returns a gzip file of data in stored (uncompressed)
  // blocks: what the program reads for a packed gzip data file, whose
  // content is the original's (gzip.NewReader checks its CRC-32).
  function storedGzip(data) {
    const blocks = Math.max(1, Math.ceil(data.length / 65535));
    const out = new Uint8Array(10 + 5 * blocks + data.length + 8);
    out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    let o = 10;
    for (let b = 0, i = 0; b < blocks; b++, i += 65535) {
      const n = Math.min(65535, data.length - i);
      out.set([b === blocks - 1 ? 1 : 0, n & 0xff, n >> 8, ~n & 0xff, (~n >> 8) & 0xff], o);
      out.set(data.subarray(i, i + n), o + 5);
      o += 5 + n;
    }
    const table = new Int32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c;
    }
    let crc = -1;
    for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
    const v = new DataView(out.buffer);
    v.setUint32(o, (crc ^ -1) >>> 0, true);
    v.setUint32(o + 4, data.length >>> 0, true);
    return out;
  }

  // dataFile finishes a data file: raw is what rawData resolves to, or
  // null to fetch the file's byte script over http(s) from the site's
  // root base (the worker does so), telling note(got, total) of the bytes
  // fetched so far. It resolves to the content the program reads: a
  // packed file unpacked, checked against its SHA-256 where the browser
  // can (crypto.subtle: https, localhost and file://), and wrapped as a
  // stored gzip. It runs on the page and in the worker (stringified into
  // its script, with lib: unescaper, unpack, storedGzip, hex and what, the
  // words of what to do), so it uses nothing from around it.
  async function dataFile(file, raw, base, note, lib) {
    const js = file + ".js";
    const bad = (m) => new Error(js + " is damaged (" + m + "): " + lib.what);
    if (!raw) {
      let resp;
      try {
        resp = await fetch(new URL(js, base));
      } catch (e) {
        throw new Error(js + " cannot be fetched (" + e.message + "): " + lib.what);
      }
      if (!resp.ok) throw new Error(js + " is missing (HTTP " + resp.status + "): " + lib.what);
      const total = Number(resp.headers.get("Content-Length")) || 0;
      let got = 0;
      const count = new TransformStream({
        transform(chunk, ctl) {
          got += chunk.length;
          note(got, total);
          ctl.enqueue(chunk);
        },
      });
      const after = { text: "" };
      let bytes;
      try {
        bytes = new Uint8Array(await new Response(resp.body.pipeThrough(count).pipeThrough(lib.unescaper(file, after))).arrayBuffer());
      } catch (e) {
        throw bad(e.message);
      }
      const m = /^,"([0-9a-f]{64})"(?:,"(sparse)",(\d+),(\d+))?\);/.exec(after.text);
      if (!m) throw bad("it records no SHA-256");
      raw = { buf: bytes.buffer, sum: m[1], kind: m[2], length: Number(m[3]), maskLen: Number(m[4]) };
    }
    let bytes = new Uint8Array(raw.buf);
    if (raw.kind === "sparse") {
      try {
        bytes = await lib.unpack(bytes, raw.length, raw.maskLen);
      } catch (e) {
        throw bad(e.message);
      }
    }
    if (globalThis.crypto && crypto.subtle && lib.hex(await crypto.subtle.digest("SHA-256", bytes)) !== raw.sum) {
      throw bad("its bytes do not have the SHA-256 it records");
    }
    return raw.kind === "sparse" ? lib.storedGzip(bytes) : bytes;
  }

  // data resolves to the chapter's data files, by the path the program
  // opens them at (book.DataRoot and the file's path under data/), for a
  // run on the page's thread (here); each is kept for the next runs.
  async function data() {
    const out = {};
    const lib = { unescaper: unescaper, unpack: unpack, storedGzip: storedGzip, hex: hex, what: dataWhat };
    await Promise.all(dataFiles.map(async (f) => {
      let p = loaded.get(f);
      if (!p) {
        p = rawData(f).then((raw) => dataFile(f, raw, null, () => {}, lib));
        p.catch(() => loaded.delete(f)); // try again on the next click
        loaded.set(f, p);
      }
      out["/tally-" + f] = await p;
    }));
    return out;
  }

  function module() {
    if (!compiled) {
      compiled = compile();
      compiled.catch(() => { compiled = null; }); // try again on the next click
    }
    return compiled;
  }

  function failed(slug, params, msg) {
    return { chapter: slug, params: params, error: msg, snippets: [], figures: [], claims: [], summary: "" };
  }

  function stopped(slug, params, why, limit) {
    const r = failed(slug, params, why === "limit" ? "stopped after " + limit + " s (the chapter's time limit)" : "stopped");
    r.stopped = why;
    return r;
  }

  // start runs a program that wasm_exec.js's Go runs, in the worker or on
  // the page: it keeps what the program prints for it (it takes it at
  // each snippet, with tallyWasmTake) and resolves to the JSON of the
  // result the program hands to tallyWasmResult, or to an object with
  // error. check, called at each print and snippet, may throw to end a
  // program that must stop (on the page's thread only). It is stringified
  // into the worker's script, so it uses nothing from around it.
  async function start(mod, env, check, files) {
    const go = new Go();
    go.env = env;
    const streams = { 1: [], 2: [] };
    let result = null;
    const fsys = globalThis.fs;
    const writeSync = fsys.writeSync;
    // The data files, read-only, for the program's os.Open, os.Stat and
    // reads (wasm_exec.js's own fs says "not implemented" to all, and
    // still does while files is empty). The worker fills files when the
    // request of a program started ahead comes (see worker).
    const saved = {};
    if (files) {
      const fail = (code) => { const e = new Error(code); e.code = code; return e; };
      const none = () => Object.keys(files).length === 0;
      let dirs = new Set();
      let dirsOf = "";
      const dirsNow = () => {
        const keys = Object.keys(files).join("\n");
        if (keys !== dirsOf) {
          dirsOf = keys;
          dirs = new Set();
          for (const p of Object.keys(files)) {
            for (let d = p.slice(0, p.lastIndexOf("/")); d; d = d.slice(0, d.lastIndexOf("/"))) dirs.add(d);
          }
        }
        return dirs;
      };
      const stat = (data) => ({
        dev: 0, ino: 0, mode: data ? 0o100444 : 0o40555, nlink: 1, uid: 0, gid: 0, rdev: 0,
        size: data ? data.length : 0, blksize: 4096, blocks: 0, atimeMs: 0, mtimeMs: 0, ctimeMs: 0,
        isDirectory: () => !data,
      });
      const open = new Map();
      let next = 100;
      const shim = {
        open(path, flags, mode, cb) {
          if (none()) return saved.open.call(fsys, path, flags, mode, cb);
          const dirs = dirsNow();
          if (files[path]) open.set(next, { data: files[path], pos: 0 });
          else if (dirs.has(path)) open.set(next, { dir: path });
          else return cb(fail(flags & 0o3 ? "EROFS" : "ENOENT"));
          cb(null, next++);
        },
        fstat(fd, cb) {
          const f = open.get(fd);
          if (!f) return saved.fstat.call(fsys, fd, cb);
          cb(null, stat(f.data));
        },
        read(fd, buf, off, len, pos, cb) {
          const f = open.get(fd);
          if (!f) return saved.read.call(fsys, fd, buf, off, len, pos, cb);
          if (!f.data) return cb(fail("EISDIR"));
          const at = pos === null ? f.pos : pos;
          const chunk = f.data.subarray(at, at + len);
          buf.set(chunk, off);
          if (pos === null) f.pos += chunk.length;
          cb(null, chunk.length);
        },
        close(fd, cb) {
          if (!open.delete(fd)) return saved.close.call(fsys, fd, cb);
          cb(null);
        },
        stat(path, cb) {
          if (none()) return saved.stat.call(fsys, path, cb);
          const dirs = dirsNow();
          if (files[path]) return cb(null, stat(files[path]));
          if (dirs.has(path)) return cb(null, stat(null));
          cb(fail("ENOENT"));
        },
        readdir(path, cb) {
          if (none()) return saved.readdir.call(fsys, path, cb);
          const dirs = dirsNow();
          if (!dirs.has(path)) return cb(fail("ENOENT"));
          const names = new Set();
          for (const p of [...Object.keys(files), ...dirs]) {
            if (p.startsWith(path + "/")) names.add(p.slice(path.length + 1).split("/")[0]);
          }
          cb(null, [...names].sort());
        },
      };
      shim.lstat = (path, cb) => none() ? saved.lstat.call(fsys, path, cb) : shim.stat(path, cb);
      for (const k of Object.keys(shim)) {
        saved[k] = fsys[k];
        fsys[k] = shim[k];
      }
    }
    fsys.writeSync = (fd, buf) => {
      if (!streams[fd]) return writeSync.call(fsys, fd, buf);
      if (check) check();
      streams[fd].push(buf.slice());
      return buf.length;
    };
    globalThis.tallyWasmTake = (fd) => {
      if (check) check();
      const parts = streams[fd] || [];
      let n = 0;
      for (const b of parts) n += b.length;
      const all = new Uint8Array(n);
      n = 0;
      for (const b of parts) { all.set(b, n); n += b.length; }
      parts.length = 0;
      return all;
    };
    globalThis.tallyWasmResult = (json) => { result = json; };
    try {
      await go.run(await WebAssembly.instantiate(mod, go.importObject));
    } catch (e) {
      return { error: "the chapter's program failed in the browser: " + e.message };
    } finally {
      fsys.writeSync = writeSync;
      Object.assign(fsys, saved);
      delete globalThis.tallyWasmTake;
      delete globalThis.tallyWasmResult;
    }
    if (result === null) {
      return { error: "the chapter's program stopped without a result (the browser's console says why)" };
    }
    return { json: result };
  }

  // worker is the body of the worker's script, after wasm_exec.js: it
  // says it is ready, then runs each program the page posts, one at a
  // time (the page queues them), and posts back what start resolved to.
  // Each run goes to a program started ahead: as soon as a run ends, the
  // worker starts the next program, without TALLY_RERUN, so that the Go
  // runtime and the init of every package (every chapter's, tally's and
  // their imports': most of a program's start) run while the page is
  // idle; that program waits in book.RerunMain for the promise
  // tallyWasmRequest returns, which the next message resolves with its
  // request, its data files added to the program's files first. A click
  // then runs only its chapter.
  //
  // The data files are the worker's: a message names those its chapter
  // reads (data.files); the worker fetches each over http(s) from the
  // site's root (data.base), or takes the bytes the page loaded from
  // file:// and transferred (data.raw), finishes it with dataFile, and
  // keeps it for the next runs, so that no run copies them. While it
  // loads them and runs the program it posts progress: {phase: "data",
  // got, total} (bytes fetched so far), {phase: "start"}, {phase:
  // "snippet", snippet} (book's harness, at each snippet) and the
  // trainer's {step, total, losses} (book.Progress). A data file that
  // does not load is answered {id, dataError}.
  function worker(start, dataFile, lib) {
    let spare = null; // {files, give(request), done: Promise of start's result}
    const store = new Map(); // data file → Promise of its content, kept between runs
    const prepare = (module) => {
      let give;
      const asked = new Promise((resolve) => { give = resolve; });
      const files = {};
      globalThis.tallyWasmRequest = () => asked;
      return { files: files, give: give, done: start(module, {}, null, files) };
    };
    const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
    let running = false; // a run is in progress: its program is the one started
    self.onmessage = async (e) => {
      if (e.data.prepare) {
        // Ahead of the first run (tallyWasmPrepare): start a program that
        // waits for it, unless one waits or runs already.
        if (!spare && !running) {
          spare = prepare(e.data.prepare);
          const request = globalThis.tallyWasmRequest;
          globalThis.tallyWasmRequest = () => {
            self.postMessage({ waiting: true }); // the page marks it (tally program waiting)
            return request();
          };
        }
        return;
      }
      const { id, module, env, data } = e.data;
      const note = (p) => self.postMessage({ id: id, progress: p });
      globalThis.tallyWasmProgress = (step, total, losses) => note({ step: step, total: total, losses: Array.from(losses) });
      globalThis.tallyWasmSnippet = (i) => note({ phase: "snippet", snippet: i });
      const run = spare || prepare(module);
      spare = null;
      running = true;
      const files = {};
      if (data && data.files.length > 0) {
        const got = {};
        const total = {};
        let told = 0;
        const tell = (f, n, t) => {
          got[f] = n;
          total[f] = t;
          const now = performance.now();
          if (now - told >= 100) {
            told = now;
            note({ phase: "data", got: sum(got), total: sum(total) });
          }
        };
        try {
          await Promise.all(data.files.map(async (f) => {
            let p = store.get(f);
            if (!p) {
              p = dataFile(f, data.raw[f] || null, data.base, (n, t) => tell(f, n, t), lib);
              p.catch(() => store.delete(f)); // try again on the next run
              store.set(f, p);
            }
            files["/tally-" + f] = await p;
          }));
        } catch (err) {
          spare = run; // the program started ahead waits for the next run
          self.postMessage({ id: id, dataError: err.message });
          return;
        }
      }
      note({ phase: "start" });
      Object.assign(run.files, files);
      run.give(env.TALLY_RERUN);
      self.postMessage(Object.assign({ id: id }, await run.done));
      running = false;
      spare = prepare(module);
    };
    self.postMessage({ ready: true });
  }

  // spawn makes the worker, from a blob: URL, and resolves to it once its
  // script ran; it rejects when the browser refuses it.
  async function spawn() {
    const text = await exec();
    const lib = "{unescaper: " + unescaper.toString() + ", unpack: " + unpack.toString() +
      ", storedGzip: " + storedGzip.toString() + ", hex: " + hex.toString() + ", what: " + JSON.stringify(dataWhat) + "}";
    const src = text + "\n;(" + worker.toString() + ")(" + start.toString() + ", " + dataFile.toString() + ", " + lib + ");\n";
    const url = URL.createObjectURL(new Blob([src], { type: "text/javascript" }));
    try {
      const w = new Worker(url);
      await new Promise((resolve, reject) => {
        w.onmessage = (e) => { if (e.data && e.data.ready) resolve(); };
        w.onerror = (e) => {
          e.preventDefault();
          w.terminate();
          reject(new Error("the browser refused the worker" + (e.message ? ": " + e.message : "")));
        };
      });
      return w;
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  // inWorker runs the program in the worker, which it stops (terminates)
  // on tallyWasmStop or after limit seconds; data is what the worker
  // needs to have the chapter's data files (see worker), the buffers of
  // data.raw transferred to it. It resolves to the run's result, or to
  // {dataError} when a data file did not load.
  async function inWorker(slug, params, mod, env, data, limit, gen, onProgress) {
    spawned ??= spawn();
    let w;
    try {
      w = await spawned;
    } catch (e) {
      spawned = null;
      throw e;
    }
    if (gen !== stops) return stopped(slug, params, "stop", limit);
    const id = ++runs;
    return new Promise((resolve) => {
      let timer = 0;
      const done = (r) => {
        clearTimeout(timer);
        current = null;
        w.onmessage = w.onerror = null;
        resolve(r);
      };
      const kill = () => {
        w.terminate();
        spawned = null; // the next run makes another
        workerHas.clear(); // which loads the data again
      };
      current = {
        stop: (why) => {
          kill();
          done(stopped(slug, params, why, limit));
        },
      };
      // The time limit counts from the program's start, after the data
      // loaded. setTimeout takes at most 2³¹−1 ms (24.8 days); a longer
      // limit waits that long.
      const arm = () => {
        if (limit > 0 && !timer) timer = setTimeout(() => current && current.stop("limit"), Math.min(limit * 1000, 0x7fffffff));
      };
      w.onmessage = (e) => {
        if (e.data.id !== id) return;
        if (e.data.progress && e.data.progress.phase === "start") arm();
        if (e.data.progress) {
          if (onProgress) onProgress(e.data.progress);
          return;
        }
        if (e.data.dataError) {
          done({ dataError: e.data.dataError });
          return;
        }
        let r;
        try {
          r = e.data.error ? failed(slug, params, e.data.error) : JSON.parse(e.data.json);
        } catch (err) {
          r = failed(slug, params, "the chapter's program gave no result the page can read: " + err.message);
        }
        done(r);
      };
      w.onerror = (e) => {
        e.preventDefault();
        kill();
        done(failed(slug, params, "the chapter's program failed in the browser: " + (e.message || "the worker failed")));
      };
      w.postMessage({ id: id, module: mod, env: env, data: data }, Object.values(data.raw).map((r) => r.buf));
    });
  }

  // here runs the program on the page's thread, where the browser refused
  // the worker. The page is then busy for the run, and a program cannot
  // be stopped while it computes: it stops, with a Go panic, at its next
  // print or snippet after tallyWasmStop or the time limit, and a run that
  // ended past the limit is reported as stopped, its result dropped.
  async function here(slug, params, mod, env, files, limit, gen, onProgress) {
    if (!window.Go) {
      // wasm_exec.js, on the page: its text as a script of its own.
      const url = URL.createObjectURL(new Blob([await exec()], { type: "text/javascript" }));
      try {
        await load(new URL(url));
      } finally {
        URL.revokeObjectURL(url);
      }
    }
    if (gen !== stops) return stopped(slug, params, "stop", limit);
    const deadline = limit > 0 ? performance.now() + limit * 1000 : Infinity;
    let why = null;
    current = { stop: (w) => { why ??= w; } };
    const check = () => {
      if (!why && performance.now() > deadline) why = "limit";
      if (why) throw new Error("tally: the run was stopped");
    };
    globalThis.tallyWasmProgress = (step, total, losses) => {
      if (onProgress) onProgress({ step: step, total: total, losses: Array.from(losses) });
    };
    globalThis.tallyWasmSnippet = (i) => {
      if (onProgress) onProgress({ phase: "snippet", snippet: i });
    };
    if (onProgress) onProgress({ phase: "start" });
    const r = await start(mod, env, check, files);
    current = null;
    if (!why && performance.now() > deadline) why = "limit";
    if (why) return stopped(slug, params, why, limit);
    return r.error ? failed(slug, params, r.error) : JSON.parse(r.json);
  }

  // run runs a program unless tallyWasmStop was called since it was asked
  // for (gen). In the worker, the worker loads the data files (over
  // http(s)) or the page loads them and hands them over (from file://);
  // on the page's thread the page loads them.
  async function run(slug, params, lang, limit, gen, onProgress) {
    if (!slugRE.test(slug)) return failed(slug, params, "not a chapter: " + slug);
    const tell = onProgress || (() => {});
    const mp = module();
    let ready = false;
    mp.then(() => { ready = true; }, () => {});
    await Promise.resolve();
    if (!ready) tell({ phase: "program" });
    const [mod] = await Promise.all([mp, exec()]);
    const env = { TALLY_RERUN: JSON.stringify({ chapter: slug, params: params || {}, lang: lang || "" }) };
    if (!noWorker) {
      const d = { base: root.href, files: dataFiles, raw: {} };
      if (location.protocol !== "http:" && location.protocol !== "https:") {
        const need = dataFiles.filter((f) => !workerHas.has(f));
        if (need.length > 0) tell({ phase: "data" });
        const raws = await Promise.all(need.map(rawData));
        need.forEach((f, i) => { d.raw[f] = raws[i]; });
      }
      let r = null;
      try {
        r = await inWorker(slug, params, mod, env, d, limit, gen, onProgress);
      } catch (e) {
        noWorker = true;
        console.warn("tally: re-running on the page's thread:", e.message);
      }
      if (r && r.dataError) throw new Error(r.dataError);
      if (r) {
        if (!r.stopped) dataFiles.forEach((f) => workerHas.add(f));
        return r;
      }
    }
    if (dataFiles.length > 0 && [...loaded.keys()].length < dataFiles.length) tell({ phase: "data" });
    const files = await data();
    const r = await here(slug, params, mod, env, files, limit, gen, onProgress);
    r.thread = true; // the panel says the run went on the page's thread
    return r;
  }

  // onProgress, when given, hears how the run goes on, from the click:
  // {phase: "program"} while the book's program loads and compiles,
  // {phase: "data", got, total} while the data files load (got and total
  // bytes, where known), {phase: "start"} when the program starts,
  // {phase: "snippet", snippet} as each snippet starts (its index among
  // the chapter's fenced blocks), and {step, total, losses} from the
  // program's book.Progress: the losses since the last call.
  window.tallyWasmRun = (slug, params, lang, limit, onProgress) => {
    const gen = stops;
    const p = queue.then(() => run(slug, params, lang, Number(limit) || 0, gen, onProgress)).then((r) => {
      timeline(r);
      return r;
    });
    queue = p.catch(() => {});
    return p;
  };

  // tallyWasmPrepare gets the program ready ahead of a first run (rerun.js
  // calls it when the reader first touches the panel, never on the page's
  // load): it fetches and compiles the program, makes the worker and has
  // it start a program that waits for the run (see worker), so that the
  // run pays for the chapter only. Its failures are left for the run,
  // which tries again and reports them.
  window.tallyWasmPrepare = () => {
    module().then((mod) => {
      if (noWorker || spawned) return; // a run made the worker already, or runs on the page
      spawned = spawn();
      spawned.then((w) => {
        // Until a run takes the worker over (inWorker sets onmessage), the
        // page marks when the program started ahead waits for it.
        w.onmessage = (e) => { if (e.data && e.data.waiting) performance.mark("tally program waiting"); };
        w.postMessage({ prepare: mod });
      }, () => { spawned = null; });
    }, () => {});
  };

  // tallyWasmStop stops the run in progress and the runs queued behind it.
  window.tallyWasmStop = () => {
    stops++;
    if (current) current.stop("stop");
  };
})();
