import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { readCacheFile, writeCacheFile } from '../../src/core/cache/user-cache';
import { OPTIMISED_PARSES_FROM } from '../../src/core/syntax/wasm-tiers';
import { BUILT_CLI } from '../helpers/built-cli';
import { RepoWithRemote } from '../helpers/remote-repo';

const EXAMPLE_PACK = readFileSync(join(__dirname, '..', '..', 'examples', 'rules', 'preflight.yml'), 'utf8');
const BUNDLE = join(__dirname, '..', '..', 'dist', 'cli-bundle.js');

/** V8's code cache for the CLI bundle (src/cli/launcher.ts): same findings with it, without it, and after it is damaged. */
describe('the CLI from V8 code cache', () => {
  let repo: RepoWithRemote;
  let cacheHome: string;
  beforeEach(() => {
    repo = new RepoWithRemote();
    cacheHome = mkdtempSync(join(tmpdir(), 'preflight-cache-home-'));
    repo.clone.write('.preflight.yml', EXAMPLE_PACK).commitAll('the example pack');
    repo.clone.git('push', '-q');
    repo.clone
      .write(
        'db/migrate/20240101000000_add_index.rb',
        'class AddIndex < ActiveRecord::Migration[7.1]\n  def change\n    add_index :orders, :customer_id\n  end\nend\n',
      )
      .write('src/client.ts', 'export const load = () => fetch("http://example.com");\nconsole.log(load);\n')
      .commitAll('the push');
  });
  afterEach(() => {
    repo.remove();
    rmSync(cacheHome, { recursive: true, force: true });
  });

  const cacheDir = () => join(cacheHome, 'preflight', 'v8', `${process.version}-${process.arch}`);
  const bundleCache = () => join(cacheDir(), 'cli-bundle.js.check.cache');

  function check(env: NodeJS.ProcessEnv = {}): string {
    const run = spawnSync(process.execPath, [BUILT_CLI, 'check', '--offline', '--format', 'json'], {
      cwd: repo.clone.dir,
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: cacheHome, PREFLIGHT_CACHE: '', ...env },
    });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1, 'the pushed migration blocks');
    return run.stdout.replace(/"checkedAt": "[^"]*"/, '"checkedAt": "…"');
  }

  function headerKey(path: string): Record<string, string> {
    const bytes = readFileSync(path);
    const start = bytes.indexOf(10) + 1;
    return (JSON.parse(bytes.subarray(start, bytes.indexOf(10, start)).toString('utf8')) as { key: Record<string, string> }).key;
  }

  it('gives the same report with the cache, without it and when it is corrupt, stale or refused by V8, and rebuilds it', () => {
    const plain = check({ PREFLIGHT_CACHE: 'off' });
    assert.equal(existsSync(join(cacheHome, 'preflight')), false, 'PREFLIGHT_CACHE=off writes nothing');
    assert.match(plain, /"ruleId": "migration\/require-concurrent-index-creation"/);
    assert.match(plain, /"ruleId": "team\/no-console-log"/);

    assert.equal(check(), plain, 'the run that makes the cache');
    const bundle = readFileSync(BUNDLE);
    const key = headerKey(bundleCache());
    assert.deepEqual(key, {
      source: `${crc32(bundle).toString(16)}-${bundle.length}`,
      node: process.version,
      arch: process.arch,
      command: 'check',
    });
    assert.ok(readCacheFile(bundleCache(), key)!.length > 100_000, 'the compiled bundle is in it');
    assert.deepEqual(readdirSync(cacheDir()).sort(), [
      'cli-bundle.js.check.cache',
      'lazy-re2js.js.check.cache',
      'lazy-yaml.js.check.cache',
    ]);
    const made = readFileSync(bundleCache());
    assert.equal(check(), plain, 'the run from the cache');
    assert.deepEqual(readFileSync(bundleCache()), made, 'a cache that was used is not written again');

    const corrupt = Buffer.from(made);
    for (let i = made.length - 5000; i < made.length - 4000; i++) corrupt[i] ^= 0xff;
    writeFileSync(bundleCache(), corrupt);
    assert.equal(check(), plain, 'corrupt');
    assert.ok(readCacheFile(bundleCache(), key), 'rebuilt after corruption');

    writeCacheFile(bundleCache(), { ...key, source: `0-${bundle.length}` }, readCacheFile(bundleCache(), key)!);
    assert.equal(check(), plain, 'stale: made for another bundle');
    assert.deepEqual(headerKey(bundleCache()), key, 'rebuilt for this bundle');

    writeCacheFile(bundleCache(), key, Buffer.from('V8 refuses this as code cache'.repeat(100)));
    assert.equal(check(), plain, 'a checksum that matches but data V8 refuses');
    assert.ok(readCacheFile(bundleCache(), key)!.length > 100_000, 'rebuilt after V8 refused it');

    writeFileSync(bundleCache(), 'garbage');
    assert.equal(check(), plain, 'garbage');

    const ruleChecks = join(cacheHome, 'preflight', 'team-rules');
    const [entry] = readdirSync(ruleChecks);
    assert.deepEqual(readdirSync(ruleChecks), [entry], "one entry for the pack's pattern check");
    const entryKey = { key: entry.replace(/\.cache$/, '') };
    assert.equal(readCacheFile(join(ruleChecks, entry), entryKey)?.toString(), '[]', 'every pattern of the pack is valid');
    const configs = join(cacheHome, 'preflight', 'configs');
    const [config] = readdirSync(configs);
    assert.deepEqual(readdirSync(configs), [config], 'one checked configuration');
    const configKey = { key: config.replace(/\.cache$/, '') };
    const kept = readCacheFile(join(configs, config), configKey)!.toString();
    assert.equal((JSON.parse(kept) as { text: string }).text, EXAMPLE_PACK);
    writeFileSync(join(ruleChecks, entry), 'garbage');
    assert.equal(check(), plain, 'a corrupt pattern check, not read: the checked configuration is kept');
    writeFileSync(join(configs, config), 'garbage');
    assert.equal(check(), plain, 'a corrupt checked configuration and pattern check');
    assert.equal(readCacheFile(join(configs, config), configKey)?.toString(), kept, 'the configuration checked again');
    assert.equal(readCacheFile(join(ruleChecks, entry), entryKey)?.toString(), '[]', 'and its patterns');
    assert.equal(repo.clone.git('status', '--porcelain', '--ignored'), '', 'nothing written in the work tree');
  });

  it("keeps the cache of a scan that parses with tree-sitter: V8's flags are as they were when the run ends", () => {
    // wasm-tiers.ts lifts --liftoff-only while tree-sitter compiles; a flag left changed would make
    // V8 refuse every cache made at the end of a run, silently, on every run.
    repo.clone.write('db/migration/V1__orders.sql', 'CREATE INDEX idx_orders_customer ON orders (customer_id);\n');
    const scan = () => {
      const run = spawnSync(process.execPath, [BUILT_CLI, 'scan', '--format', 'json', 'db'], {
        cwd: repo.clone.dir,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cacheHome, PREFLIGHT_CACHE: '' },
      });
      assert.equal(run.stderr, '');
      return run.stdout;
    };
    const first = scan();
    assert.match(first, /"file": "db\/migrate\/20240101000000_add_index.rb"/, 'the Rails migration: tree-sitter parsed it');
    assert.match(first, /"file": "db\/migration\/V1__orders.sql"/);
    const caches = ['cli-bundle.js.scan.cache', 'lazy-libpg-query.js.scan.cache'].map((name) => join(cacheDir(), name));
    const made = caches.map((path) => readFileSync(path));
    assert.equal(scan(), first);
    assert.deepEqual(
      caches.map((path) => readFileSync(path)),
      made,
      'V8 took both caches: neither was written again',
    );
  });

  it('keeps the cache of a scan that has tree-sitter optimised by V8 (a scan of enough files of one grammar)', () => {
    // wasm-tiers.ts lifts --liftoff-only while tree-sitter compiles when a scan plans
    // OPTIMISED_PARSES_FROM parses of a grammar; the flags must end as the code cache expects.
    for (let i = 0; i < OPTIMISED_PARSES_FROM; i++)
      repo.clone.write(`src/many/file${i}.ts`, `import moment from 'moment';\nexport const day${i} = () => moment().day();\n`);
    repo.clone.commitAll('many files');
    const scan = () => {
      const run = spawnSync(process.execPath, [BUILT_CLI, 'scan', '--format', 'json', 'src'], {
        cwd: repo.clone.dir,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: cacheHome, PREFLIGHT_CACHE: '' },
        maxBuffer: 1 << 26,
      });
      assert.equal(run.stderr, '');
      return run.stdout;
    };
    const first = scan();
    const imports = (JSON.parse(first) as { findings: Array<{ ruleId: string }> }).findings.filter(
      (finding) => finding.ruleId === 'team/no-moment',
    );
    assert.equal(imports.length, OPTIMISED_PARSES_FROM, "each file's import, found in its syntax tree");
    const cache = join(cacheDir(), 'cli-bundle.js.scan.cache');
    const made = readFileSync(cache);
    assert.equal(scan(), first);
    assert.deepEqual(readFileSync(cache), made, 'V8 took the cache: it was not written again');
  });

  it('writes no cache inside a git work tree, even when told to', () => {
    const plain = check({ PREFLIGHT_CACHE: 'off' });
    assert.equal(check({ XDG_CACHE_HOME: join(repo.clone.dir, '.cache') }), plain);
    assert.equal(check({ XDG_CACHE_HOME: join(repo.clone.dir, '.cache') }), plain);
    assert.equal(repo.clone.git('status', '--porcelain', '--ignored'), '');
  });
});
