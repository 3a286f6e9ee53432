import assert from 'node:assert/strict';
import { compileFilterPattern, FilterPatternError, patternListIncludes } from '../../../../../src/core/remote/workflows/filter-pattern';

const matches = (pattern: string, value: string) => compileFilterPattern(pattern).test(value);
const list = (patterns: string[], value: string) => patternListIncludes(patterns.map(compileFilterPattern), value);

describe("GitHub's filter patterns", () => {
  it('* stays inside one path segment, ** crosses them', () => {
    assert.equal(matches('feature/*', 'feature/login-form'), true);
    assert.equal(matches('feature/*', 'feature/team/login-form'), false);
    assert.equal(matches('feature/**', 'feature/team/login-form'), true);
    assert.equal(matches('feature/**', 'feature/a'), true);
    assert.equal(matches('*', 'main'), true);
    assert.equal(matches('*', 'release/2.0'), false);
    assert.equal(matches('**', 'release/2.0/hotfix'), true);
    assert.equal(matches('*feature', 'search-feature'), true);
    assert.equal(matches('*feature', 'feature'), true);
    assert.equal(matches('*feature', 'features'), false);
    assert.equal(matches('v2*', 'v2'), true);
    assert.equal(matches('v2*', 'v2.11'), true);
    assert.equal(matches('v2*', 'v3.0'), false);
  });

  it('? makes the character before it optional, + repeats it', () => {
    assert.equal(matches('*.jsx?', 'card.js'), true);
    assert.equal(matches('*.jsx?', 'card.jsx'), true);
    assert.equal(matches('*.jsx?', 'card.jsxx'), false);
    assert.equal(matches('*.jsx?', 'lib/card.js'), false);
    assert.equal(matches('v[12].[0-9]+.[0-9]+', 'v1.12.3'), true);
    assert.equal(matches('v[12].[0-9]+.[0-9]+', 'v2.0.10'), true);
    assert.equal(matches('v[12].[0-9]+.[0-9]+', 'v3.0.0'), false);
    assert.equal(matches('v[12].[0-9]+.[0-9]+', 'v1..0'), false);
    // A dot is a dot, not "any character".
    assert.equal(matches('v[12].[0-9]+.[0-9]+', 'v1x2y3'), false);
  });

  it('[] is one character of a set or range', () => {
    assert.equal(matches('[CB]at', 'Bat'), true);
    assert.equal(matches('[CB]at', 'Rat'), false);
    assert.equal(matches('[1-2]00', '200'), true);
    assert.equal(matches('[1-2]00', '300'), false);
    assert.equal(matches('release/v[0-9].[0-9]', 'release/v4.2'), true);
  });

  it('path patterns from the cheat sheet, with names of our own', () => {
    assert.equal(matches('**.js', 'server.js'), true);
    assert.equal(matches('**.js', 'web/static/app.js'), true);
    assert.equal(matches('*.js', 'web/app.js'), false);
    assert.equal(matches('docs/*', 'docs/intro.md'), true);
    assert.equal(matches('docs/*', 'docs/guide/intro.md'), false);
    assert.equal(matches('docs/**', 'docs/guide/intro.md'), true);
    assert.equal(matches('docs/**/*.md', 'docs/intro.md'), true);
    assert.equal(matches('docs/**/*.md', 'docs/guide/deep/intro.md'), true);
    assert.equal(matches('docs/**/*.md', 'docs/guide/intro.txt'), false);
    assert.equal(matches('**/docs/**', 'docs/intro.md'), true);
    assert.equal(matches('**/docs/**', 'services/api/docs/openapi.yml'), true);
    assert.equal(matches('**/docs/**', 'mydocs/a.md'), false);
    assert.equal(matches('**/README.md', 'README.md'), true);
    assert.equal(matches('**/README.md', 'web/README.md'), true);
    assert.equal(matches('**/README.md', 'web/NOTREADME.md'), false);
    assert.equal(matches('**/*src/**', 'web/src/index.ts'), true);
    assert.equal(matches('**/*src/**', 'vendor-src/lib/x.c'), true);
    assert.equal(matches('**/*-post.md', 'launch-post.md'), true);
    assert.equal(matches('**/*-post.md', 'blog/2026/launch-post.md'), true);
    assert.equal(matches('**/migrate-*.sql', 'migrate-0042.sql'), true);
    assert.equal(matches('**/migrate-*.sql', 'db/old/migrate-v2.sql'), true);
    assert.equal(matches('**/migrate-*.sql', 'db/migrate/0042.sql'), false);
  });

  it('the last matching pattern decides; ! takes out what came before it', () => {
    const markdown = ['*.md', '!README.md'];
    assert.equal(list(markdown, 'notes.md'), true);
    assert.equal(list(markdown, 'README.md'), false);
    assert.equal(list(markdown, 'docs/notes.md'), false);
    const again = ['*.md', '!README.md', 'README*'];
    assert.equal(list(again, 'notes.md'), true);
    assert.equal(list(again, 'README.md'), true);
    assert.equal(list(again, 'README.txt'), true);
    assert.equal(list(['!main'], 'main'), false);
    assert.equal(list(['releases/**', '!releases/**-alpha'], 'releases/2.0-alpha'), false);
    assert.equal(list(['releases/**', '!releases/**-alpha'], 'releases/2.0'), true);
  });

  it('other characters are literal, a backslash escapes', () => {
    assert.equal(matches('deps/(legacy)', 'deps/(legacy)'), true);
    assert.equal(matches('a\\*b', 'a*b'), true);
    assert.equal(matches('a\\*b', 'axb'), false);
    assert.equal(matches('fix+', 'fixxx'), true);
    assert.equal(matches('+start', '+start'), true);
    assert.equal(matches('!', 'anything'), false);
  });

  it('a malformed pattern is refused with what is wrong', () => {
    assert.throws(() => compileFilterPattern('web/[abc'), new FilterPatternError("'web/[abc' has a '[' without its ']'"));
    assert.throws(() => compileFilterPattern('web/[]'), new FilterPatternError("'web/[]' has an empty '[]'"));
    assert.throws(() => compileFilterPattern('trailing\\'), new FilterPatternError("'trailing\\' ends with a lone '\\'"));
  });

  it('a hostile pattern of many * cannot hang on a long path (RE2, linear time)', function () {
    this.timeout(5000);
    const started = performance.now();
    assert.equal(matches(`${'*a'.repeat(40)}b`, 'a'.repeat(4000)), false);
    assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
  });
});
