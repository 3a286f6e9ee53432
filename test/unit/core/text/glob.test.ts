import assert from 'node:assert/strict';
import picomatch from 'picomatch';
import { globMatcher } from '../../../../src/core/text/glob';

const GLOBS = [
  '**/migrations/**/*.sql',
  '**/V[0-9]*__*.sql',
  '**/R__*.sql',
  '**/*.up.sql',
  '**/db/migrate/*.rb',
  '**/migrations/*.{js,cjs,mjs,ts}',
  'src/**',
  '*.md',
  '.github/**',
  'a/b.sql',
  'docs/[ab]*.txt',
  '!(x)/*.py',
  '**/node_modules/**',
  'x?y',
];
const PATHS = [
  'db/migrations/0001_init.sql',
  'db/V2__add.sql',
  'R__views.sql',
  'a/b.sql',
  'a/b.up.sql',
  '.github/workflows/ci.yml',
  'src/.hidden/file.ts',
  'README.md',
  'docs/a1.txt',
  'y/z.py',
  'x/z.py',
  'pkg/node_modules/m/migrations/1.js',
  'xzy',
  '',
  'db/migrations/\nV2__index.sql',
  'db/migrations/a\u2028b.sql',
  'db/migrate/2024_add.rb',
];

describe('globMatcher', () => {
  for (const options of [undefined, { dot: true }]) {
    it(`matches as picomatch does, line breaks taken as any character (options ${JSON.stringify(options)})`, () => {
      for (const globs of [...GLOBS.map((glob) => [glob]), GLOBS, GLOBS[0], []]) {
        const ours = globMatcher(globs, options);
        const theirs = picomatch(globs, options);
        for (const path of PATHS)
          assert.equal(ours(path), theirs(path.replace(/[\n\r\u2028\u2029]/g, ' ')), `${JSON.stringify(globs)} on ${JSON.stringify(path)}`);
      }
    });
  }

  it('matches a path that is the glob itself, as picomatch does', () => {
    assert.equal(globMatcher('[abc].sql')('[abc].sql'), true);
    assert.equal(globMatcher('[abc].sql')('a.sql'), true);
  });

  it('matches a file whose name starts with a line break, which picomatch’s `*` would not', () => {
    assert.equal(picomatch('**/*.sql', { dot: true })('db/\nV2__index.sql'), false);
    assert.equal(globMatcher('**/*.sql', { dot: true })('db/\nV2__index.sql'), true);
  });

  it('refuses an empty glob with picomatch’s error', () => {
    assert.throws(() => globMatcher(['a', '']), { name: 'TypeError', message: 'Expected pattern to be a non-empty string' });
    assert.throws(() => picomatch(['a', '']), { name: 'TypeError', message: 'Expected pattern to be a non-empty string' });
  });

  it('other options go to picomatch itself', () => {
    assert.equal(globMatcher('*.sql', { basename: true })('db/a.sql'), true);
    assert.equal(globMatcher('*.sql')('db/a.sql'), false);
  });
});
