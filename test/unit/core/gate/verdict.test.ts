import assert from 'node:assert/strict';
import { defaultConfig } from '../../../../src/core/config/types';
import type { Finding, Severity } from '../../../../src/core/findings/finding';
import type { LocalState } from '../../../../src/core/git/local-state';
import { parsePushUpdates } from '../../../../src/core/git/push-range';
import { isZeroId } from '../../../../src/core/git/git';
import { blocks, reasonsFor, verdictLine, verdictOf } from '../../../../src/core/gate/verdict';

/** The reasons and the verdict, as runGate computes them from the same two functions. */
function decide(...args: Parameters<typeof reasonsFor>) {
  const reasons = reasonsFor(...args);
  return { verdict: verdictOf(reasons), reasons };
}

const finding = (severity: Severity, line = 1): Finding => ({
  ruleId: 'migration/x',
  severity,
  file: 'm.sql',
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
  message: 'm',
});
const clean: LocalState = {
  branch: 'main',
  detached: false,
  head: 'abc',
  upstream: 'origin/main',
  ahead: 1,
  behind: 0,
  uncommitted: [],
  untracked: [],
  shallow: false,
};

describe('the verdict', () => {
  it('maps severities to blocking by gate.blockOn', () => {
    assert.deepEqual(
      (['error', 'warning', 'info'] as const).map((s) => blocks(s, 'error')),
      [true, false, false],
    );
    assert.deepEqual(
      (['error', 'warning', 'info'] as const).map((s) => blocks(s, 'warning')),
      [true, true, false],
    );
    assert.deepEqual(
      (['error', 'warning', 'info'] as const).map((s) => blocks(s, 'never')),
      [false, false, false],
    );
  });

  it('passes, warns or blocks', () => {
    const config = defaultConfig();
    assert.equal(decide([], clean, config, []).verdict, 'pass');
    assert.equal(decide([finding('info')], clean, config, []).verdict, 'pass', 'info never affects the verdict');
    assert.equal(decide([finding('warning')], clean, config, []).verdict, 'warn');
    const blocked = decide([finding('warning', 2), finding('error', 5)], clean, config, []);
    assert.equal(blocked.verdict, 'block');
    assert.deepEqual(
      blocked.reasons.map((r) => [r.blocking, r.line]),
      [
        [true, 5],
        [false, 2],
      ],
      'blocking reasons first',
    );
    assert.equal(verdictLine(blocked.verdict, blocked.reasons), 'Push blocked (1 reason).');
  });

  it('adds the local state as warnings', () => {
    const diverged = { ...clean, ahead: 2, behind: 3, uncommitted: ['a.ts'] };
    const { verdict, reasons } = decide([], diverged, defaultConfig(), []);
    assert.equal(verdict, 'warn');
    assert.deepEqual(
      reasons.map((r) => r.kind),
      ['local', 'local'],
    );
    assert.match(reasons.map((r) => r.text).join('\n'), /uncommitted change[\s\S]*diverged from origin\/main \(2 ahead, 3 behind\)/);
    assert.equal(verdictLine(verdict, reasons), 'Push with care (2 warnings).');
  });
});

describe("git's pre-push protocol", () => {
  it('reads every line, including deletions and new branches, in SHA-1 and SHA-256 repositories', () => {
    const zero40 = '0'.repeat(40);
    const zero64 = '0'.repeat(64);
    const sha256 = 'a'.repeat(64);
    const updates = parsePushUpdates(
      `refs/heads/main ${'1'.repeat(40)} refs/heads/main ${'2'.repeat(40)}\n(delete) ${zero40} refs/heads/old ${'3'.repeat(40)}\nrefs/heads/new ${sha256} refs/heads/new ${zero64}\n\n`,
    );
    assert.equal(updates.length, 3);
    assert.ok(isZeroId(updates[1].localSha), 'a deletion');
    assert.ok(isZeroId(updates[2].remoteSha), 'a new branch on a SHA-256 repository');
    assert.ok(!isZeroId(updates[0].localSha));
  });

  it('rejects a malformed line', () => {
    assert.throws(() => parsePushUpdates('refs/heads/main abc\n'), /unexpected pre-push line/);
  });
});
