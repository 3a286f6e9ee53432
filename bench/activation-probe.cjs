// Loads dist/extension.js against a stand-in 'vscode' module that accepts every call, calls
// activate(), and prints the milliseconds both took. Used by bench/run.ts, one process per run.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS probe: it must hook require() itself */
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const anything = new Proxy(function () {}, {
  get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : anything),
  apply: () => anything,
  construct: () => anything,
  set: () => true,
});
const names = [...new Set([...readFileSync(process.argv[2], 'utf8').matchAll(/\bvscode\d*\.([A-Za-z_]\w*)/g)].map((m) => m[1]))];
const api = Object.fromEntries(names.map((name) => [name, anything]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: api };
process.on('unhandledRejection', () => undefined);
const started = performance.now();
const extension = require(process.argv[2]);
extension.activate({ subscriptions: [], extensionPath: require('node:path').join(__dirname, '..') });
process.stdout.write(String(performance.now() - started));
process.exit(0);
