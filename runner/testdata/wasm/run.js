// run.js runs a chapter's browser program in Node.js, as the chapter page
// does in a browser, and prints its RerunResult as JSON.
//
// usage: node run.js WASM_EXEC_JS PROGRAM.wasm '{"params": {"lr": "0.5"}, "lang": ""}'
"use strict";

const nodefs = require("fs");
const [wasmExec, wasmFile, request] = process.argv.slice(2);

// wasm_exec.js's own file system stub, with what the program prints kept
// for its harness (tallyWasmTake), as the page's script does.
const streams = { 1: [], 2: [] };
globalThis.tallyWasmTake = (fd) => {
	const parts = streams[fd];
	const n = parts.reduce((s, b) => s + b.length, 0);
	const all = new Uint8Array(n);
	let at = 0;
	for (const b of parts) { all.set(b, at); at += b.length; }
	parts.length = 0;
	return all;
};
let result = null;
globalThis.tallyWasmResult = (json) => { result = json; };
require(wasmExec);
globalThis.fs.writeSync = (fd, buf) => {
	streams[fd].push(buf.slice());
	return buf.length;
};

const go = new Go();
go.env = { TALLY_RERUN: request || "{}" };
WebAssembly.instantiate(nodefs.readFileSync(wasmFile), go.importObject)
	.then((r) => go.run(r.instance))
	.then(() => {
		if (result === null) {
			console.error("the program ended without a result");
			process.exit(1);
		}
		process.stdout.write(result);
	})
	.catch((err) => { console.error(err); process.exit(1); });
