/**
 * `dist/cli.js`: starts the CLI bundle (`dist/cli-bundle.js`) from V8's code cache, so that a
 * run does not compile the same megabyte of JavaScript again (Node 20 has no
 * `module.enableCompileCache`). The cache lives in the user's cache folder, one file per bundle
 * and command, made by the first run of that command; it is used only when its key (the bundle's
 * CRC-32 and length, Node's version, the platform) and its checksum match and V8 accepts it, and is
 * rebuilt otherwise; `PREFLIGHT_CACHE=off` compiles it afresh. The bundle is built as the
 * function Node's loader would wrap a module in (scripts/build.mjs), so that the megabyte of
 * source V8 keeps is the one read, not a wrapped copy of it: a one-file check peaked 5 MB lower (bench).
 */
import { readFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { readCacheFile, userCacheDirectory, writeCacheFile } from '../core/cache/user-cache';
import { runThroughServer } from './server/client';
import { isPrivateSocket, isServedRun, serverSocketPath } from './server/socket';

// The parsers are WebAssembly, and V8's optimising tier spends far more compiling them (the
// PostgreSQL grammar's one huge function above all) than a CLI run gains: with baseline code only,
// a one-file scan, an 800-file scan and a 20,000-file scan each take less CPU and ~25% less memory (bench).
// Letting tree-sitter tier up in every run made a 1,000-file TypeScript scan 20% cheaper, but the
// SQL + Rails corpus and the 50-file gate 10-40% dearer and 20-40 MB bigger, even at a hundred times
// V8's tiering threshold; so only a scan that plans enough parses of one grammar lifts the flag,
// while tree-sitter compiles (syntax/wasm-tiers.ts).
// Set before any code is compiled or read from the cache (V8 checks its flags against the cache's); the editor's extension host keeps V8's defaults.
setFlagsFromString('--liftoff-only');
// A module's functions are validated when first compiled rather than all at load: a run calls a few
// hundred of libpg-query's thousands (its load took 4 ms instead of 8-15). Code V8 runs is validated all the same.
setFlagsFromString('--wasm-lazy-validation');
// V8 doubles the young generation while a run allocates quickly, up to 32 MB of mostly empty
// space: a 1,000-file scan peaked 11 MB higher for it and spent no less CPU (bench). Worker threads share the flag.
setFlagsFromString('--semi-space-growth-factor=1');
// A push check reads the few files the push changes: V8's baseline compiler (Sparkplug) costs such a
// run more memory than its code saves it time (bench, one-file check: 69 MB instead of 72, CPU 450 ms
// instead of 480; the 50-file gate 80 MB instead of 82, no slower). Turning off the optimising compiler
// too saved 2 MB more but made the 50-file gate 10-25% slower: it stays. Scans keep both.
if (process.argv[2] === 'check' || process.argv[2] === 'hook') setFlagsFromString('--no-sparkplug');
// A function is optimised after running four times as long as V8's default (66 KB of its interrupt
// budget): an 800-file SQL scan calls each analyzer function a few thousand times, and TurboFan
// spent more compiling them than the run gained (bench: CPU -11% and 2 MB less there, -14% on the
// SQL + Rails corpus; the 20,000-file scan, whose loops run far longer, the same; 8x made it 13% dearer).
setFlagsFromString(`--interrupt-budget=${4 * 67_584}`);

const BUNDLE = join(__dirname, 'cli-bundle.js');
/** The bundles of the libraries only some runs need (scripts/build.mjs), required by the CLI bundle as `./lazy-*.js`. */
const LAZY_FILE = /^\.\/lazy-[\w-]+\.js$/;
/**
 * Left to Node's own loader: web-tree-sitter import()s Node's modules at run time, which a
 * vm.Script can do only with an experimental loader option (and its warning on every run).
 */
const LOADED_BY_NODE = new Set(['./lazy-web-tree-sitter.js']);
/** A run compiles what its command uses: each command keeps its own cache. */
const COMMANDS = new Set(['scan', 'check', 'hook', 'status', 'rules', 'test', 'trace', 'serve']);

function commandOf(argument: string | undefined): string {
  return argument !== undefined && COMMANDS.has(argument) ? argument : 'other';
}

interface Loaded {
  script: Script;
  cachePath: string;
  key: Record<string, string>;
  fromCache: boolean;
}

class CachedLoader {
  private readonly loaded: Loaded[] = [];
  private readonly lazyModules = new Map<string, unknown>();

  /** `dir` undefined: no cache, the files compiled as they are. */
  constructor(
    private readonly dir: string | undefined,
    private readonly command: string,
  ) {
    if (dir !== undefined) process.once('exit', () => this.saveNewCaches());
  }

  run(file: string): unknown {
    const bytes = readFileSync(file);
    // esbuild writes ASCII (non-ASCII characters escaped): decoding it as Latin-1 is exact and cheaper than UTF-8.
    const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    const cache = this.dir === undefined ? undefined : this.cacheOf(file, bytes, this.dir);
    const cached = cache && readCacheFile(cache.path, cache.key);
    const script = new Script(file === BUNDLE ? source : wrapped(source), { filename: file, cachedData: cached });
    if (cache)
      this.loaded.push({ script, cachePath: cache.path, key: cache.key, fromCache: cached !== undefined && !script.cachedDataRejected });
    const module = new Module(file);
    module.filename = file;
    module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
    const plainRequire = createRequire(file);
    const require = Object.assign(
      (id: string) => (LAZY_FILE.test(id) && !LOADED_BY_NODE.has(id) ? this.lazy(join(dirname(file), id)) : plainRequire(id)),
      plainRequire,
    );
    (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, require, module, file, dirname(file));
    module.loaded = true;
    return module.exports;
  }

  private cacheOf(file: string, bytes: Buffer, dir: string): { path: string; key: Record<string, string> } {
    const key = {
      source: `${crc32(bytes).toString(16)}-${bytes.length}`,
      node: process.version,
      arch: process.arch,
      command: this.command,
    };
    return { path: join(dir, `${basename(file)}.${this.command}.cache`), key };
  }

  private lazy(file: string): unknown {
    if (!this.lazyModules.has(file)) this.lazyModules.set(file, this.run(file));
    return this.lazyModules.get(file);
  }

  /** After the run, so that the cache holds every function the command compiled, not only the top level. */
  private saveNewCaches(): void {
    for (const { script, cachePath, key, fromCache } of this.loaded) {
      if (!fromCache) writeCacheFile(cachePath, key, script.createCachedData());
    }
  }
}

/** A lazy file in the function Node's loader would wrap it in (the bundle is built that way: no second copy of its megabyte). */
function wrapped(source: string): string {
  // A hashbang is only allowed at the very start of a script: inside the module wrapper it becomes a comment of the same length.
  return Module.wrap(source.startsWith('#!') ? `//${source.slice(2)}` : source);
}

declare const PREFLIGHT_BUILD: string | undefined;

function runHere(): void {
  const cacheDir = userCacheDirectory();
  new CachedLoader(cacheDir && join(cacheDir, 'v8', `${process.version}-${process.arch}`), commandOf(process.argv[2])).run(BUNDLE);
}

/** A `preflight serve` of this very build, when one is running and the run is one it takes (src/cli/commands/serve.ts). */
function serverOfThisBuild(argv: string[]): string | undefined {
  if (process.env.PREFLIGHT_SERVER === 'off' || !isServedRun(argv)) return undefined;
  const socket = serverSocketPath(typeof PREFLIGHT_BUILD === 'string' ? PREFLIGHT_BUILD : undefined, process.env);
  return socket !== undefined && isPrivateSocket(socket) ? socket : undefined;
}

const argv = process.argv.slice(2);
const socket = serverOfThisBuild(argv);
if (socket === undefined) runHere();
else {
  const request = {
    build: PREFLIGHT_BUILD as string,
    argv,
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  };
  void runThroughServer(socket, request).then((code) => (code === undefined ? runHere() : (process.exitCode = code)));
}
