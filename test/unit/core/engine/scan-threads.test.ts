import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import workerThreads from 'node:worker_threads';
import { scan } from '../../../../src/core/engine/scan';
import { FILES_PER_THREAD, fileTaker, threadsFor } from '../../../../src/core/engine/scan-threads';
import { TempRepo } from '../../../helpers/temp-repo';

describe('scan threads', () => {
  it('stays on one thread below FILES_PER_THREAD files per thread, leaves a core to V8, and follows -j', () => {
    assert.equal(threadsFor(0, undefined), 1);
    assert.equal(threadsFor(1, undefined), 1);
    assert.equal(threadsFor(2 * FILES_PER_THREAD - 1, undefined), 1);
    assert.equal(threadsFor(2 * FILES_PER_THREAD, undefined), Math.max(1, Math.min(2, availableParallelism() - 1)));
    assert.equal(threadsFor(100_000, undefined), Math.max(1, availableParallelism() - 1), 'one core left to V8');
    assert.equal(threadsFor(1000, 1), 1);
    assert.equal(threadsFor(1000, 3), 3);
    assert.equal(threadsFor(2, 8), 2, 'never more threads than files');
    assert.equal(threadsFor(0, 4), 1);
  });

  it('hands out each file index once across takers sharing the counter', () => {
    const next = new SharedArrayBuffer(4);
    const first = fileTaker(next, 5);
    const second = fileTaker(next, 5);
    assert.deepEqual([first(), second(), second(), first(), first(), second(), first()], [0, 1, 2, 3, 4, undefined, undefined]);
  });

  describe('starting workers', () => {
    let repo: TempRepo;
    let started: number;
    const Original = workerThreads.Worker;
    beforeEach(() => {
      repo = new TempRepo();
      started = 0;
      workerThreads.Worker = class extends Original {
        constructor(...args: ConstructorParameters<typeof Original>) {
          super(...args);
          started++;
        }
      };
    });
    afterEach(() => {
      workerThreads.Worker = Original;
      repo.remove();
    });

    it('a one-file scan and a small one start no worker; -j 2 starts one, with the same findings', async function () {
      this.timeout(60_000);
      repo.write('db/migration/V1__index.sql', 'CREATE INDEX i ON orders (customer_id);\n');
      const one = await scan({ dir: repo.dir });
      assert.equal(started, 0);
      repo
        .write('db/migration/V2__drop.sql', 'ALTER TABLE orders DROP COLUMN note;\n')
        .write('db/migration/V3__rename.sql', 'ALTER TABLE orders RENAME TO old_orders;\n');
      const three = await scan({ dir: repo.dir });
      assert.equal(started, 0);
      const threaded = await scan({ dir: repo.dir, jobs: 2 });
      assert.equal(started, 1);
      assert.deepEqual(threaded, three);
      assert.deepEqual(
        one.findings.map((f) => f.ruleId),
        ['migration/require-concurrent-index-creation', 'migration/require-lock-timeout', 'migration/require-statement-timeout'],
      );
    });
  });
});
