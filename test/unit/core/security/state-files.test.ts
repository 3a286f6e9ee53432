import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLastPush, saveLastPush } from '../../../../src/core/gate/last-push';
import type { GateReport } from '../../../../src/core/gate/run-gate';
import { TempRepo } from '../../../helpers/temp-repo';

const REPORT: GateReport = {
  version: 1,
  verdict: 'block',
  reasons: [{ kind: 'finding', blocking: true, text: 'migration/require-concurrent-index-creation: …', file: 'db/V2.sql', line: 1 }],
  findings: [],
  configFindings: [],
  remote: 'origin',
  local: {
    branch: 'main',
    detached: false,
    head: 'abc',
    upstream: 'origin/main',
    ahead: 1,
    behind: 0,
    uncommitted: [],
    untracked: [],
    shallow: false,
  },
  pushes: [
    { localRef: 'refs/heads/main', remoteRef: 'refs/heads/main', deletion: false, commits: 1, files: ['db/V2.sql'], truncated: false },
  ],
  commands: [],
  pullRequest: undefined,
  checkedAt: '2026-12-01T10:00:00.000Z',
};

describe("security: the hook's last-push.json", () => {
  let repo: TempRepo;
  const dir = () => join(repo.dir, '.git', 'preflight');
  beforeEach(() => (repo = new TempRepo('preflight-state-')));
  afterEach(() => repo.remove());

  it('is written atomically and read back through its schema', async () => {
    await saveLastPush(repo.dir, REPORT);
    assert.deepEqual(readdirSync(dir()), ['last-push.json']);
    assert.deepEqual(await readLastPush(dir()), { report: JSON.parse(JSON.stringify(REPORT)) });
  });

  it('is ignored with one warning when corrupt, truncated or wrongly typed, and rebuilt by the next push', async () => {
    const file = join(dir(), 'last-push.json');
    mkdirSync(dir(), { recursive: true });
    const cases: Array<[() => void, RegExp]> = [
      [() => writeFileSync(file, '{"version": 1, "verdict": "bl'), /\(not valid JSON\)/],
      [
        () => writeFileSync(file, JSON.stringify({ ...REPORT, verdict: 'maybe' })),
        /\(not in the expected shape: \/verdict must be equal to one of the allowed values\)/,
      ],
      [
        () => writeFileSync(file, JSON.stringify({ ...REPORT, findings: [{ ruleId: 1 }] })),
        /\(not in the expected shape: \/findings\/0 must have required property 'severity'\)|\/findings\/0\/ruleId must be string/,
      ],
    ];
    for (const [breakIt, why] of cases) {
      breakIt();
      const read = await readLastPush(dir());
      assert.equal(read.report, undefined);
      assert.match(read.warning!, why);
      assert.match(read.warning!, /^ignored .*last-push\.json \(.*\); it will be rebuilt\.$/);
    }
    writeFileSync(file, '');
    mkdirSync(join(dir(), 'x'));
    await saveLastPush(repo.dir, REPORT);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).verdict, 'block');
  });
});
