import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCacheFile, userCacheDirectory, writeCacheFile } from '../../../../src/core/cache/user-cache';

describe('the user cache', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'preflight-cache-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const key = { source: 'abc-12', node: 'v20' };

  it('reads back what it wrote, under the same key only', () => {
    const path = join(dir, 'sub', 'entry.cache');
    writeCacheFile(path, key, Buffer.from('payload'));
    assert.equal(readCacheFile(path, key)?.toString(), 'payload');
    assert.equal(readCacheFile(path, { source: 'abc-13', node: 'v20' }), undefined);
    assert.equal(readCacheFile(path, { node: 'v20', source: 'abc-12', extra: 'x' }), undefined);
    assert.equal(readCacheFile(join(dir, 'missing.cache'), key), undefined);
  });

  it('never returns a truncated, altered or foreign file', () => {
    const path = join(dir, 'entry.cache');
    writeCacheFile(path, key, Buffer.from('0123456789'));
    const good = readFileSync(path);
    writeFileSync(path, good.subarray(0, good.length - 1));
    assert.equal(readCacheFile(path, key), undefined, 'truncated');
    const altered = Buffer.from(good);
    altered[altered.length - 3] ^= 1;
    writeFileSync(path, altered);
    assert.equal(readCacheFile(path, key), undefined, 'one bit changed');
    writeFileSync(path, 'not a cache at all');
    assert.equal(readCacheFile(path, key), undefined, 'foreign');
    writeFileSync(path, Buffer.concat([good.subarray(0, good.indexOf(10) + 1), Buffer.from('{broken json\n0123456789')]));
    assert.equal(readCacheFile(path, key), undefined, 'broken header');
  });

  it('writes atomically: no temporary file is left, and a folder in the way is no error', () => {
    const path = join(dir, 'entry.cache');
    writeCacheFile(path, key, Buffer.from('a'));
    writeCacheFile(path, key, Buffer.from('b'));
    assert.deepEqual(readdirSync(dir), ['entry.cache']);
    assert.equal(readCacheFile(path, key)?.toString(), 'b');
    mkdirSync(join(dir, 'blocked.cache'));
    writeCacheFile(join(dir, 'blocked.cache'), key, Buffer.from('c'));
    assert.deepEqual(readdirSync(dir).sort(), ['blocked.cache', 'entry.cache']);
  });

  it('lives under XDG_CACHE_HOME, else ~/.cache, is off with PREFLIGHT_CACHE=off, and never inside a git work tree', () => {
    assert.equal(userCacheDirectory({ XDG_CACHE_HOME: dir, HOME: '/nowhere' }), join(dir, 'preflight'));
    assert.equal(userCacheDirectory({ XDG_CACHE_HOME: 'relative', HOME: dir }), join(dir, '.cache', 'preflight'));
    assert.equal(userCacheDirectory({ HOME: dir }), join(dir, '.cache', 'preflight'));
    assert.equal(userCacheDirectory({ XDG_CACHE_HOME: dir, PREFLIGHT_CACHE: 'off' }), undefined);
    mkdirSync(join(dir, 'repo', '.git'), { recursive: true });
    assert.equal(userCacheDirectory({ XDG_CACHE_HOME: join(dir, 'repo', 'cache') }), undefined);
    assert.equal(userCacheDirectory({ HOME: join(dir, 'repo') }), undefined, 'a home folder kept in git');
  });
});
