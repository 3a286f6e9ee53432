import assert from 'node:assert/strict';
import { runGate } from '../../src/core/gate/run-gate';
import { runBuiltCli } from '../helpers/built-cli';
import { RepoWithRemote } from '../helpers/remote-repo';

const SIDEKIQ_YML = ':queues:\n  - default\n  - mailers\n';
const RECEIPT =
  "class ReceiptMailerJob\n  include Sidekiq::Job\n  sidekiq_options queue: 'mailers'\n\n  def perform(order_id)\n  end\nend\n";

describe('background jobs in the gate and the CLI, against a real repository', () => {
  let repo: RepoWithRemote;
  beforeEach(() => {
    repo = new RepoWithRemote();
    repo.clone.write('config/sidekiq.yml', SIDEKIQ_YML).write('app/workers/receipt_mailer_job.rb', RECEIPT);
    repo.clone.write('app/models/order.rb', 'class Order\n  def paid!\n    ReceiptMailerJob.perform_async(id)\n  end\nend\n');
    repo.clone.write('config/schedule.yml', 'receipts:\n  cron: "0 * * * *"\n  class: "ReceiptMailerJob"\n').commitAll('app');
    repo.clone.git('push', '-q');
  });
  afterEach(() => repo.remove());

  it('blocks a push that removes a job still enqueued and scheduled, pointing at each reference', async () => {
    repo.clone.git('rm', '-q', 'app/workers/receipt_mailer_job.rb');
    repo.clone.commitAll('remove the receipt job');
    const report = await runGate({ dir: repo.clone.dir });
    const removed = report.findings.filter((f) => f.ruleId === 'jobs/removed-job-still-referenced');
    assert.deepEqual(
      removed.map((f) => [f.file, f.line, f.severity]),
      [
        ['app/models/order.rb', 3, 'error'],
        ['config/schedule.yml', 3, 'error'],
      ],
    );
    assert.match(removed[0].message, /still names job ReceiptMailerJob, which the push removes from app\/workers\/receipt_mailer_job.rb/);
    assert.equal(report.verdict, 'block');
  });

  it('judges a new job against the upstream: new, no queue, on the default queue', async () => {
    repo.clone
      .write('app/workers/cleanup_job.rb', 'class CleanupJob\n  include Sidekiq::Job\n  def perform\n  end\nend\n')
      .commitAll('cleanup');
    const report = await runGate({ dir: repo.clone.dir });
    assert.deepEqual(
      report.findings.filter((f) => f.ruleId.startsWith('jobs/')).map((f) => [f.ruleId, f.file, f.line]),
      [
        ['jobs/implicit-default-queue', 'app/workers/cleanup_job.rb', 1],
        ['jobs/new-job-class', 'app/workers/cleanup_job.rb', 1],
      ],
    );
  });

  it('preflight scan reports job findings with the contract fields', () => {
    repo.clone.write('app/workers/report_job.rb', "class ReportJob\n  include Sidekiq::Job\n  sidekiq_options queue: 'reports'\nend\n");
    const { stdout } = runBuiltCli(repo.clone.dir, 'scan', '--format', 'json');
    const findings = JSON.parse(stdout).findings as Array<Record<string, unknown>>;
    const finding = findings.find((f) => f.ruleId === 'jobs/queue-not-configured');
    assert.ok(finding, stdout);
    for (const field of ['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'help', 'docsUrl'])
      assert.ok(field in finding, field);
    assert.equal(finding.file, 'app/workers/report_job.rb');
    assert.equal(finding.line, 3);
  });
});
