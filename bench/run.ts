/**
 * `npm run bench`: measures, never asserts. Prints a table and writes bench/results/latest.json.
 * Each benchmark reports our median and p95 and, where a peer tool exists on npm, the peer's
 * time on the same input in the same run, and the ratio.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultConfig } from '../src/core/config/types';
import { analyzeFile } from '../src/core/engine/analyze-file';
import { builtinAnalyzers, parseConfigFully } from '../src/core/engine/registry';
import { generateCorpus, type CorpusFile } from './corpus';
import { ensureSquawk, squawkNativeBinary } from '../test/support/squawk';
import { ESLint } from 'eslint';
import * as typescriptParser from '@typescript-eslint/parser';
import { teamRulesAnalyzer } from '../src/core/team-rules/analyzer';
import { forgetSyntax } from '../src/core/team-rules/syntax-matches';
import {
  astGrepRuleFiles,
  benchRules,
  eslintRules,
  generateTypeScriptFile,
  insideRulesYaml,
  preflightYaml,
  repositoryFiles,
} from './team-rules';
import { astGrepBinary } from '../test/support/ast-grep';
import { testStatusOf } from '../src/core/testfirst/navigation';
import { planFailingTest } from '../src/core/testfirst/create-test';
import { traceBenchmarks } from './trace';

const ROOT = join(__dirname, '..');
/** PREFLIGHT_BENCH_CLI: another build's dist/cli.js, to compare before and after on the same machine in the same hour. */
const CLI = process.env.PREFLIGHT_BENCH_CLI ?? join(ROOT, 'dist', 'cli.js');

interface Row {
  benchmark: string;
  unit: string;
  median: number;
  p95?: number;
  peer?: string;
  peerMedian?: number;
  ratio?: number;
  note?: string;
}

const rows: Row[] = [];

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function writeCorpus(files: readonly CorpusFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-'));
  for (const file of files) {
    mkdirSync(join(dir, dirname(file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  spawnSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

interface Timed {
  times: number[];
  peakMb?: number;
  cpuTimes: number[];
}

interface Command {
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Time it with NODE_EXTRA_CA_CERTS as given (see caBundleCost). */
  keepCaBundle?: boolean;
}

function withoutCaBundle(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _bundle, ...rest } = env;
  return rest;
}

/**
 * Wall time (ms) of a command, `runs` times, plus the peak resident memory (MB) and the CPU time
 * (user + system, ms; less disturbed than wall time by other work on a shared machine) when /usr/bin/time exists.
 * One unmeasured run comes first: a new build's first run writes its code caches, and the peak of
 * that run is not what every later run pays (the PREFLIGHT_CACHE=off rows show what a first run costs).
 */
function timeCommand(command: string, args: string[], runs: number, cwd?: string, env?: NodeJS.ProcessEnv): Timed {
  return timeInTurn([{ command, args, cwd, env }], runs)[0];
}

/**
 * The commands timed in turn, one run of each per round: a ratio between tools is only fair when a
 * change of load on a shared machine meets both (timed in blocks, the same build gave 1.02 × and
 * 1.61 × squawk within minutes).
 */
function timeInTurn(commands: readonly Command[], runs: number): Timed[] {
  const results = commands.map((): Timed => ({ times: [], cpuTimes: [] }));
  for (const { command, args, cwd, env } of commands)
    spawnSync(command, args, { cwd, env: withoutCaBundle(env ?? process.env), stdio: 'ignore' });
  for (let i = 0; i < runs; i++) commands.forEach((command, index) => timeOnce(command, results[index]));
  return results;
}

function timeOnce({ command, args, cwd, env: given, keepCaBundle }: Command, into: Timed): void {
  const env = keepCaBundle ? given : withoutCaBundle(given ?? process.env);
  const useTime = existsSync('/usr/bin/time');
  const started = performance.now();
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  into.times.push(performance.now() - started);
  if (!useTime) return;
  const [kb, user, system] = (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (Number.isFinite(kb)) into.peakMb = Math.max(into.peakMb ?? 0, kb / 1024);
  if (Number.isFinite(user) && Number.isFinite(system)) into.cpuTimes.push((user + system) * 1000);
}

/**
 * Team rules: the 5,000-line TypeScript file against 100 rules, in process, warm. "Full" parses
 * from scratch each time; "after an edit" is what a keystroke costs (incremental re-parse and
 * re-match). ESLint runs the same rules (no-restricted-syntax/-imports, typescript-eslint's
 * parser) through its Node API on the same text; it has no incremental mode, so one figure.
 */
async function teamRulesInProcess(): Promise<void> {
  const rules = benchRules();
  const config = (await parseConfigFully(preflightYaml(rules), '.preflight.yml')).config;
  // As in the editor, which analyses a file again after each edit.
  const context = { config, root: '/bench', editing: true };
  const path = 'src/service.ts';
  const text = generateTypeScriptFile();
  const analyze = (source: string) => analyzeFile({ path, text: source }, [teamRulesAnalyzer], context);
  for (let i = 0; i < 5; i++) await analyze(text);
  const full: number[] = [];
  let ours = 0;
  for (let i = 0; i < 30; i++) {
    forgetSyntax(path);
    const started = performance.now();
    ours = (await analyze(text)).length;
    full.push(performance.now() - started);
  }
  const edits: number[] = [];
  let edited = text;
  for (let i = 0; i < 200; i++) {
    const at = edited.indexOf('\n', Math.floor(edited.length * ((i * 0.377) % 1)));
    edited = `${edited.slice(0, at)} x${edited.slice(at)}`;
    const started = performance.now();
    await analyze(edited);
    edits.push(performance.now() - started);
  }
  // The same edits under 40 rule objects with `inside` (an ancestor of a given kind): matched again within that ancestor only.
  const insideConfig = (await parseConfigFully(insideRulesYaml(), '.preflight.yml')).config;
  const insidePath = 'src/inside.ts';
  const analyzeInside = (source: string) =>
    analyzeFile({ path: insidePath, text: source }, [teamRulesAnalyzer], { config: insideConfig, root: '/bench', editing: true });
  await analyzeInside(text);
  const insideEdits: number[] = [];
  let insideEdited = text;
  for (let i = 0; i < 100; i++) {
    const at = insideEdited.indexOf('\n', Math.floor(insideEdited.length * ((i * 0.377) % 1)));
    insideEdited = `${insideEdited.slice(0, at)} x${insideEdited.slice(at)}`;
    const started = performance.now();
    await analyzeInside(insideEdited);
    insideEdits.push(performance.now() - started);
  }
  const eslint = new ESLint({
    cwd: tmpdir(),
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: typescriptParser }, rules: eslintRules(rules) as never }],
  });
  const lint = () => eslint.lintText(text, { filePath: join(tmpdir(), path) });
  for (let i = 0; i < 3; i++) await lint();
  const theirs: number[] = [];
  let eslintMessages = 0;
  for (let i = 0; i < 15; i++) {
    const started = performance.now();
    eslintMessages = (await lint())[0].messages.length;
    theirs.push(performance.now() - started);
  }
  const peerMedian = quantile(theirs, 0.5);
  const note = `${ours} findings; ESLint ${eslintMessages} messages`;
  rows.push({
    benchmark: `team rules: ${text.split('\n').length - 1}-line TS file × ${rules.length} rules, full analysis (fresh parse), in process`,
    unit: 'ms',
    median: quantile(full, 0.5),
    p95: quantile(full, 0.95),
    peer: 'ESLint Node API',
    peerMedian,
    ratio: quantile(full, 0.5) / peerMedian,
    note,
  });
  rows.push({
    benchmark: 'team rules: the same file after a one-line edit (incremental, as on a keystroke)',
    unit: 'ms',
    median: quantile(edits, 0.5),
    p95: quantile(edits, 0.95),
    peer: 'ESLint Node API',
    peerMedian,
    ratio: quantile(edits, 0.5) / peerMedian,
    note,
  });
  rows.push({
    benchmark: 'team rules: the same file × 40 rule objects with `inside` (kind: function_declaration, stopBy: end), after a one-line edit',
    unit: 'ms',
    median: quantile(insideEdits, 0.5),
    p95: quantile(insideEdits, 0.95),
  });
}

/**
 * Team rules over a whole repository, side by side with the ast-grep CLI: 1,000 TypeScript files
 * and 30 ast-grep rule files, run by `preflight scan` through `include:` and by `ast-grep scan -j 1`
 * (one thread, as Preflight's scan) through an sgconfig.yml naming the same folder. Both are whole
 * processes, start-up included; the note says whether they found the same number of matches.
 */
function teamRulesAgainstAstGrep(): void {
  const binary = astGrepBinary();
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-ast-grep-'));
  try {
    const rules = astGrepRuleFiles();
    const files = repositoryFiles();
    for (const file of [...files, ...rules]) {
      mkdirSync(join(dir, dirname(file.path)), { recursive: true });
      writeFileSync(join(dir, file.path), file.text);
    }
    writeFileSync(join(dir, '.preflight.yml'), 'include: ["rules/*.yml"]\n');
    writeFileSync(join(dir, 'sgconfig.yml'), 'ruleDirs: [rules]\n');
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.email=bench@example.com', '-c', 'user.name=Bench', 'commit', '-q', '-m', 'corpus');
    const oursCommand = { command: process.execPath, args: [CLI, 'scan', '--format', 'json', '--fail-on', 'never'], cwd: dir };
    const astGrepCommand = binary && { command: binary, args: ['scan', '-j', '1', '--json=compact'], cwd: dir };
    const [ours, theirs] = timeInTurn(astGrepCommand ? [oursCommand, astGrepCommand] : [oursCommand], 5);
    const ourFindings = (
      JSON.parse(
        spawnSync(process.execPath, [CLI, 'scan', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout,
      ) as {
        findings: Array<{ ruleId: string }>;
      }
    ).findings.filter((f) => f.ruleId.startsWith('team/')).length;
    const row: Row = {
      benchmark: `team rules: preflight scan of a ${files.length.toLocaleString('en')}-file TypeScript repository × ${rules.length} ast-grep rule files (include:), CLI process`,
      unit: 'ms',
      median: quantile(ours.times, 0.5),
      p95: quantile(ours.times, 0.95),
      note: `${ourFindings} findings; ${peak(ours) ?? ''}`,
    };
    if (binary) {
      const astGrepOutput = spawnSync(binary, ['scan', '-j', '1', '--json=compact'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      const theirFindings = (JSON.parse(astGrepOutput.stdout) as unknown[]).length;
      row.peer = 'ast-grep scan -j 1 (same rule files)';
      row.peerMedian = quantile(theirs.times, 0.5);
      row.ratio = row.median / row.peerMedian;
      const cpu = (run: { cpuTimes: number[] }) => (run.cpuTimes.length > 0 ? quantile(run.cpuTimes, 0.5) : undefined);
      const cpuRatio = cpu(ours) && cpu(theirs) ? ` (CPU ratio ${(cpu(ours)! / cpu(theirs)!).toFixed(2)})` : '';
      row.note = `${row.note}; ast-grep ${theirFindings} matches, ${peak(theirs) ?? ''}${cpuRatio}`;
    } else row.note = `${row.note}; the ast-grep binary of @ast-grep/cli is not installed`;
    rows.push(row);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function migrationsInProcess(corpus: CorpusFile[]): Promise<void> {
  const analyzers = builtinAnalyzers();
  const context = { config: defaultConfig(), root: '/bench' };
  for (const file of corpus) await analyzeFile(file, analyzers, context); // warm-up: parsers loaded, JIT warm
  for (const format of ['sql', 'rails'] as const) {
    const times: number[] = [];
    for (const file of corpus.filter((f) => f.format === format)) {
      const started = performance.now();
      await analyzeFile(file, analyzers, context);
      times.push(performance.now() - started);
    }
    rows.push({
      benchmark: `migrations: one ${format === 'sql' ? 'SQL' : 'Rails'} file, in process (warm, ${times.length} files)`,
      unit: 'ms',
      median: quantile(times, 0.5),
      p95: quantile(times, 0.95),
    });
  }
  const typical = {
    path: 'db/migration/V9__typical.sql',
    text: Array.from({ length: 10 }, (_, i) => `ALTER TABLE orders ADD COLUMN c${i} text;`).join('\n'),
  };
  const times: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = performance.now();
    await analyzeFile(typical, analyzers, context);
    times.push(performance.now() - started);
  }
  rows.push({
    benchmark: 'migrations: a typical 10-statement SQL migration, in process (warm)',
    unit: 'ms',
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
  });
}

function migrationsCli(corpus: CorpusFile[]): void {
  const sql = corpus.filter((f) => f.format === 'sql');
  const sqlDir = writeCorpus(sql);
  const allDir = writeCorpus(corpus);
  try {
    const squawkBinary = ensureSquawk() ? squawkNativeBinary() : undefined;
    const scanOf = (...extra: string[]) => ({
      command: process.execPath,
      args: [CLI, 'scan', '--root', sqlDir, '--format', 'json', ...extra],
    });
    const squawkCommand = squawkBinary && { command: squawkBinary, args: sql.map((f) => join(sqlDir, f.path)) };
    // The default (auto) stays on one thread on two cores; -j 2 is the same files on two threads.
    const [ours, twoThreads, squawk] = timeInTurn([scanOf(), scanOf('-j', '2'), ...(squawkCommand ? [squawkCommand] : [])], 5);
    const row: Row = {
      benchmark: `migrations: preflight scan, ${sql.length} SQL files, CLI process`,
      unit: 'ms',
      median: quantile(ours.times, 0.5),
      p95: quantile(ours.times, 0.95),
      note: peak(ours),
    };
    if (squawk) {
      row.peer = 'squawk-cli (native)';
      row.peerMedian = quantile(squawk.times, 0.5);
      row.ratio = row.median / row.peerMedian;
      row.note = `${row.note ?? ''}; squawk ${peak(squawk)}`;
    } else row.note = `${row.note ?? ''} squawk-cli could not be installed`.trim();
    rows.push(row);
    rows.push({
      benchmark: `migrations: preflight scan -j 2 (two threads), ${sql.length} SQL files, CLI process`,
      unit: 'ms',
      median: quantile(twoThreads.times, 0.5),
      p95: quantile(twoThreads.times, 0.95),
      ...(row.peerMedian ? { peer: row.peer, peerMedian: row.peerMedian, ratio: quantile(twoThreads.times, 0.5) / row.peerMedian } : {}),
      note: peak(twoThreads),
    });
    const whole = timeCommand(process.execPath, [CLI, 'scan', '--root', allDir, '--format', 'json'], 3);
    rows.push({
      benchmark: `migrations: preflight scan, whole corpus (${corpus.length} files, SQL + Rails), CLI process`,
      unit: 'ms',
      median: quantile(whole.times, 0.5),
      p95: quantile(whole.times, 0.95),
      note: peak(whole),
    });
  } finally {
    rmSync(sqlDir, { recursive: true, force: true });
    rmSync(allDir, { recursive: true, force: true });
  }
}

/**
 * What a run costs before it does anything, as ratios to Node's own start in the same run (absolute
 * times on a shared machine say little): `preflight scan` of a repository holding one SQL
 * migration, and `preflight check --offline` of a one-commit push changing one Rails migration,
 * with the example rule pack configured (what every `git push` pays).
 */
function startUp(): void {
  const base = mkdtempSync(join(tmpdir(), 'preflight-bench-start-'));
  const git = (cwd: string, ...args: string[]) => spawnSync('git', args, { cwd, stdio: 'ignore' });
  try {
    const one = join(base, 'one');
    mkdirSync(join(one, 'db', 'migration'), { recursive: true });
    writeFileSync(join(one, 'db', 'migration', 'V1__orders.sql'), 'CREATE INDEX idx_orders_customer ON orders (customer_id);\n');
    git(one, 'init', '-q');
    const app = join(base, 'app');
    const remote = join(base, 'remote.git');
    spawnSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    mkdirSync(join(app, 'db', 'migrate'), { recursive: true });
    git(app, 'init', '-q', '-b', 'main');
    git(app, 'config', 'user.email', 'bench@example.com');
    git(app, 'config', 'user.name', 'Bench');
    writeFileSync(join(app, '.preflight.yml'), readFileSync(join(ROOT, 'examples', 'rules', 'preflight.yml')));
    writeFileSync(join(app, 'README.md'), '# app\n');
    git(app, 'add', '-A');
    git(app, 'commit', '-q', '-m', 'history');
    git(app, 'remote', 'add', 'origin', remote);
    git(app, 'push', '-q', '-u', 'origin', 'main');
    writeFileSync(
      join(app, 'db', 'migrate', '20240101000000_add_index.rb'),
      'class AddIndex < ActiveRecord::Migration[7.1]\n  def change\n    add_index :orders, :customer_id\n  end\nend\n',
    );
    git(app, 'add', '-A');
    git(app, 'commit', '-q', '-m', 'the push: one migration');
    const [node, scan, check] = timeInTurn(
      [
        { command: process.execPath, args: ['-e', '0'] },
        { command: process.execPath, args: [CLI, 'scan', '--format', 'json'], cwd: one },
        { command: process.execPath, args: [CLI, 'check', '--offline', '--format', 'json'], cwd: app },
      ],
      15,
    );
    const nodeMedian = quantile(node.times, 0.5);
    rows.push({
      benchmark: 'start-up: node -e 0 (Node alone)',
      unit: 'ms',
      median: nodeMedian,
      p95: quantile(node.times, 0.95),
      note: peak(node),
    });
    for (const [benchmark, run] of [
      ['start-up: preflight scan of a one-file repository (one SQL migration)', scan],
      ['start-up: preflight check --offline, one-file push (a Rails migration), example rule pack', check],
    ] as const) {
      rows.push(againstNode(benchmark, run, nodeMedian));
    }
    withoutCaches(one, app, nodeMedian);
    throughServer(one, app);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

/**
 * The same two runs handed to a `preflight serve` of this build (what a push pays while VS Code
 * runs one), timed in turn with Node's own start. The server gets a runtime folder of its own, so
 * a developer's server is never used, and it is started without the machine's CA bundle (its
 * start is not timed; each run's client starts without it, as every timed command here).
 */
function throughServer(one: string, app: string): void {
  const runtime = mkdtempSync(join(tmpdir(), 'preflight-bench-runtime-'));
  const env = { ...withoutCaBundle(process.env), XDG_RUNTIME_DIR: runtime, PREFLIGHT_SERVER: '' };
  const server = spawn(process.execPath, [CLI, 'serve', '--until-stdin-closes'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  try {
    const listening = waitFor(() => readdirSync(join(runtime, 'preflight'), { withFileTypes: true }).some((f) => f.isSocket()), 10_000);
    if (!listening) throw new Error('preflight serve did not start');
    const [node, scan, check] = timeInTurn(
      [
        { command: process.execPath, args: ['-e', '0'] },
        { command: process.execPath, args: [CLI, 'scan', '--format', 'json'], cwd: one, env },
        { command: process.execPath, args: [CLI, 'check', '--offline', '--format', 'json'], cwd: app, env },
      ],
      15,
    );
    const nodeMedian = quantile(node.times, 0.5);
    rows.push(againstNode('start-up: preflight scan of the one-file repository, handed to a running preflight serve', scan, nodeMedian));
    rows.push(
      againstNode('start-up: preflight check --offline of the one-file push, handed to a running preflight serve', check, nodeMedian),
    );
  } finally {
    server.stdin.end();
    server.kill();
    rmSync(runtime, { recursive: true, force: true });
  }
}

function waitFor(condition: () => boolean, timeoutMs: number): boolean {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (condition()) return true;
    } catch {
      // not there yet
    }
    spawnSync('sleep', ['0.05']);
  }
  return false;
}

/** A start-up row: the command's times as a ratio to Node's own start. */
function againstNode(benchmark: string, run: Timed, nodeMedian: number): Row {
  const median = quantile(run.times, 0.5);
  return {
    benchmark,
    unit: 'ms',
    median,
    p95: quantile(run.times, 0.95),
    peer: 'node -e 0',
    peerMedian: nodeMedian,
    ratio: median / nodeMedian,
    note: peak(run),
  };
}

/**
 * The same two runs with PREFLIGHT_CACHE=off (what a first run pays: no code cache, no kept
 * pattern check), and the git processes the one-file check starts, counted by a `git` on PATH that
 * logs each call.
 */
function withoutCaches(one: string, app: string, nodeMedian: number): void {
  const off = { ...process.env, PREFLIGHT_CACHE: 'off' };
  for (const [what, cwd, args] of [
    ['scan of a one-file repository', one, ['scan', '--format', 'json']],
    ['check --offline, one-file push, example rule pack', app, ['check', '--offline', '--format', 'json']],
  ] as const) {
    const run = timeCommand(process.execPath, [CLI, ...args], 9, cwd, off);
    rows.push(againstNode(`start-up: preflight ${what}, PREFLIGHT_CACHE=off (a first run)`, run, nodeMedian));
  }
  const bin = mkdtempSync(join(tmpdir(), 'preflight-bench-git-'));
  try {
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> "${join(bin, 'calls')}"\nexec "${realGit}" "$@"\n`, { mode: 0o755 });
    spawnSync(process.execPath, [CLI, 'check', '--offline', '--format', 'json'], {
      cwd: app,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });
    const calls = readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n');
    rows.push({
      benchmark: 'start-up: git processes of the one-file check --offline',
      unit: 'processes',
      median: calls.length,
      note: calls.map((call) => call.replace(/^(-c \S+ )+/, '').split(' ')[0]).join(', '),
    });
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

/** Peak memory and median CPU time, for a row's note. */
function peak(run: { peakMb?: number; cpuTimes?: number[] }): string | undefined {
  const parts = [
    run.peakMb ? `peak memory ${run.peakMb.toFixed(0)} MB` : undefined,
    run.cpuTimes?.length ? `CPU ${quantile(run.cpuTimes, 0.5).toFixed(0)} ms` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/**
 * Test-first in the editor: what a CodeLens refresh costs (exported symbols of a 700-line
 * source with 100 exported functions, its test files found and read, each symbol looked up), and
 * planning Create Failing Test for the 50 untested ones. In process, warm.
 */
async function testFirstInProcess(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-testfirst-'));
  try {
    const functions = Array.from(
      { length: 100 },
      (_, i) =>
        `export function compute${i}(input: number): number {\n  const doubled = input * 2;\n  const shifted = doubled + ${i};\n  const result = shifted - 1;\n  return result;\n}\n`,
    );
    const source = functions.join('\n');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ devDependencies: { vitest: '^2' } }));
    writeFileSync(join(dir, 'src', 'compute.ts'), source);
    const tested = Array.from(
      { length: 50 },
      (_, i) => `describe('compute${i}', () => { it('works', () => expect(compute${i}(1)).toBe(${i + 2})); });`,
    );
    writeFileSync(
      join(dir, 'src', 'compute.test.ts'),
      `import { ${Array.from({ length: 50 }, (_, i) => `compute${i}`).join(', ')} } from './compute';\n\n${tested.join('\n')}\n`,
    );
    const config = defaultConfig();
    const time = async (run: () => Promise<unknown>, runs: number) => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await run();
        times.push(performance.now() - started);
      }
      return times;
    };
    await time(() => testStatusOf(dir, config, 'src/compute.ts', source), 5);
    const lens = await time(() => testStatusOf(dir, config, 'src/compute.ts', source), 50);
    rows.push({
      benchmark: 'test-first: CodeLens status of a 700-line source, 100 exported functions, 50 tested (in process, warm)',
      unit: 'ms',
      median: quantile(lens, 0.5),
      p95: quantile(lens, 0.95),
    });
    const plan = await time(() => planFailingTest(dir, config, 'src/compute.ts', source), 20);
    rows.push({
      benchmark: 'test-first: plan Create Failing Test for the 50 untested functions (in process, warm)',
      unit: 'ms',
      median: quantile(plan, 0.5),
      p95: quantile(plan, 0.95),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A repository of `size` files and the benchmark's 100 team rules, pushed to a bare remote, plus one unpushed commit changing 50 files. */
function repoWithPendingPush(size: number, corpus: readonly CorpusFile[]): { dir: string; cleanup: () => void } {
  const base = mkdtempSync(join(tmpdir(), `preflight-bench-gate-${size}-`));
  const dir = join(base, 'app');
  const remote = join(base, 'remote.git');
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, stdio: 'ignore' });
  mkdirSync(dir);
  spawnSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'Bench');
  for (let i = 0; i < size; i++) {
    const folder = join(dir, 'src', `module${Math.floor(i / 100)}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `file${i}.ts`), `export const value${i} = ${i};\n`);
  }
  writeFileSync(join(dir, '.preflight.yml'), preflightYaml(benchRules()));
  // Vitest makes the sources mapped, so the gate also judges test-first on the 25 changed ones.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ devDependencies: { vitest: '^2' } }));
  git('add', '-A');
  git('commit', '-q', '-m', 'history');
  git('remote', 'add', 'origin', remote);
  git('push', '-q', '-u', 'origin', 'main');
  const migrations = corpus.filter((f) => f.format === 'sql').slice(0, 25);
  for (const file of migrations) {
    mkdirSync(join(dir, dirname(file.path)), { recursive: true });
    writeFileSync(join(dir, file.path), file.text);
  }
  for (let i = 0; i < 25; i++) writeFileSync(join(dir, 'src', 'module0', `file${i}.ts`), `export const value${i} = ${i} + 1;\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'the push: 25 migrations and 25 source files');
  return { dir, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

function gateScaling(corpus: readonly CorpusFile[]): void {
  const medians: number[] = [];
  for (const size of [2_000, 20_000]) {
    const repo = repoWithPendingPush(size, corpus);
    try {
      const run = timeCommand(process.execPath, [CLI, 'check', '--format', 'json'], 5, repo.dir);
      medians.push(quantile(run.times, 0.5));
      rows.push({
        benchmark: `gate: preflight check, 50-file push, ${size.toLocaleString('en')}-file repository`,
        unit: 'ms',
        median: quantile(run.times, 0.5),
        p95: quantile(run.times, 0.95),
        note: peak(run),
      });
      if (size === 20_000) {
        const scan = timeCommand(process.execPath, [CLI, 'scan', '--format', 'json'], 3, repo.dir);
        rows.push({
          benchmark: 'scan: preflight scan of the whole 20,000-file repository (100 team rules + migrations)',
          unit: 'ms',
          median: quantile(scan.times, 0.5),
          p95: quantile(scan.times, 0.95),
          note: peak(scan),
        });
      }
    } finally {
      repo.cleanup();
    }
  }
  rows.push({ benchmark: 'gate: 20,000-file time ÷ 2,000-file time (should stay near 1)', unit: '×', median: medians[1] / medians[0] });
}

function extensionSize(): void {
  const bytes = statSync(join(ROOT, 'dist', 'extension.js')).size;
  rows.push({ benchmark: 'extension: dist/extension.js bundle size', unit: 'KB', median: bytes / 1024 });
}

/**
 * Activation cost outside VS Code: loading dist/extension.js and calling activate() against a
 * stand-in `vscode` module that accepts every call (a fresh process per run). What VS Code adds
 * around it is not included; the extension logs its own figure in the Output channel.
 */
function extensionActivation(): void {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const run = spawnSync(process.execPath, [join(ROOT, 'bench', 'activation-probe.cjs'), join(ROOT, 'dist', 'extension.js')], {
      encoding: 'utf8',
    });
    const ms = Number(run.stdout);
    if (run.status === 0 && Number.isFinite(ms)) times.push(ms);
  }
  if (times.length > 0)
    rows.push({
      benchmark: 'extension: load dist/extension.js + activate() (stand-in vscode API)',
      unit: 'ms',
      median: quantile(times, 0.5),
      p95: quantile(times, 0.95),
    });
}

function printTable(): void {
  const format = (n: number | undefined) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toFixed(3));
  console.log(
    `\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
  );
  console.log('| benchmark | median | p95 | peer | peer median | ratio (ours/peer) | note |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.benchmark} | ${format(r.median)} ${r.unit} | ${r.p95 === undefined ? '' : `${format(r.p95)} ${r.unit}`} | ${r.peer ?? ''} | ${r.peerMedian === undefined ? '' : `${format(r.peerMedian)} ${r.unit}`} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${r.note ?? ''} |`,
    );
  }
}

/** `npm run bench -- start-up cli` runs only the groups named; no names: every group. */
/**
 * A CA bundle in NODE_EXTRA_CA_CERTS (this project's CI machine sets one for its proxy) is decoded
 * by every Node process before any of its code runs: `node -e 0` took 130 ms with it and 45 ms
 * without. No peer pays it (squawk and ast-grep are native), and it is not Node's own start, so
 * every timed command runs without it; one row shows what it costs where it is set.
 */
const MACHINE_CA_BUNDLE = process.env.NODE_EXTRA_CA_CERTS;

function caBundleCost(): void {
  if (!MACHINE_CA_BUNDLE) return;
  const [plain, withBundle] = timeInTurn(
    [
      { command: process.execPath, args: ['-e', '0'] },
      { command: process.execPath, args: ['-e', '0'], env: { ...process.env, NODE_EXTRA_CA_CERTS: MACHINE_CA_BUNDLE }, keepCaBundle: true },
    ],
    15,
  );
  rows.push({
    benchmark: "start-up: node -e 0 with this machine's NODE_EXTRA_CA_CERTS (every timed command here runs without it)",
    unit: 'ms',
    median: quantile(withBundle.times, 0.5),
    p95: quantile(withBundle.times, 0.95),
    peer: 'node -e 0',
    peerMedian: quantile(plain.times, 0.5),
    ratio: quantile(withBundle.times, 0.5) / quantile(plain.times, 0.5),
    note: peak(withBundle),
  });
}

async function main(): Promise<void> {
  // Every CLI row times a run on its own, unless it says otherwise (throughServer): never a server a developer has running.
  process.env.PREFLIGHT_SERVER = 'off';
  if (!existsSync(CLI)) spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const corpus = generateCorpus();
  const groups: Record<string, () => unknown> = {
    'start-up': () => {
      startUp();
      caBundleCost();
    },
    'team-rules': teamRulesInProcess,
    'ast-grep': teamRulesAgainstAstGrep,
    'in-process': () => migrationsInProcess(corpus),
    'test-first': testFirstInProcess,
    cli: () => migrationsCli(corpus),
    gate: () => gateScaling(corpus),
    extension: () => {
      extensionSize();
      extensionActivation();
    },
    trace: async () => rows.push(...(await traceBenchmarks())),
  };
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !(name in groups));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark group(s) ${unknown.join(', ')}; the groups: ${Object.keys(groups).join(', ')}`);
  for (const [name, run] of Object.entries(groups)) if (only.length === 0 || only.includes(name)) await run();
  printTable();
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'results', 'latest.json'),
    JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: cpus().length, rows }, null, 2),
  );
}

void main();
