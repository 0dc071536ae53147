// run.js runs a chapter's browser program in Node.js, as the chapter page
// does in a browser, and prints its RerunResult as JSON.
//
// usage: node run.js WASM_EXEC_JS PROGRAM.wasm '{"lr": "0.5"}'
"use strict";

const nodefs = require("fs");
const [wasmExec, wasmFile, params] = process.argv.slice(2);

// wasm_exec.js's own file system stub, with standard output kept for the
// program's harness (tallyWasmTake) like the page's script does.
let out = [];
globalThis.tallyWasmTake = (fd) => {
	const n = out.reduce((s, b) => s + b.length, 0);
	const all = new Uint8Array(n);
	let at = 0;
	for (const b of out) { all.set(b, at); at += b.length; }
	out = [];
	return all;
};
let result = null;
globalThis.tallyWasmResult = (json) => { result = json; };
require(wasmExec);
globalThis.fs.writeSync = (fd, buf) => {
	if (fd === 1) out.push(buf.slice());
	else process.stderr.write(buf);
	return buf.length;
};

const go = new Go();
go.env = { TALLY_PARAMS: params || "{}" };
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
