import assert from 'node:assert/strict';
import { parseConfig } from '../../../../src/core/engine/registry';
import { analyzeFile } from '../../../../src/core/engine/analyze-file';
import type { SourceFile } from '../../../../src/core/engine/analyzer';
import { jobsAnalyzer } from '../../../../src/core/jobs/analyzer';
import { parseSidekiqConfig } from '../../../../src/core/jobs/topology';
import type { Finding } from '../../../../src/core/findings/finding';
import { TempRepo } from '../../../helpers/temp-repo';

/** A small app on disk (its worker configuration is read from there), analysed file by file. */
class App {
  readonly repo = new TempRepo('preflight-jobs-');
  constructor(files: Record<string, string>) {
    for (const [path, text] of Object.entries(files)) this.repo.write(path, text);
  }
  async findings(file: SourceFile, yaml = ''): Promise<Finding[]> {
    const config = parseConfig(yaml, '.preflight.yml').config;
    return analyzeFile(file, [jobsAnalyzer], { config, root: this.repo.dir });
  }
  remove(): void {
    this.repo.remove();
  }
}

const summary = (findings: Finding[]) => findings.map((f) => [f.ruleId, f.line]);

const SIDEKIQ_YML = '---\n:concurrency: 5\n:queues:\n  - critical\n  - [default, 2]\n';

describe('jobs: Sidekiq', () => {
  let app: App;
  beforeEach(() => (app = new App({ 'config/sidekiq.yml': SIDEKIQ_YML })));
  afterEach(() => app.remove());

  const REPORT =
    "class ReportWorker\n  include Sidekiq::Job\n  sidekiq_options queue: 'reports', retry: 3\n\n  def perform(account_id)\n  end\nend\n";

  it('reports a queue no Sidekiq process works on, on the sidekiq_options line', async () => {
    const findings = await app.findings({ path: 'app/workers/report_worker.rb', text: REPORT });
    assert.deepEqual(summary(findings), [['jobs/queue-not-configured', 3]]);
    assert.match(
      findings[0].message,
      /ReportWorker is enqueued on 'reports', which no Sidekiq process works on: config\/sidekiq.yml does not list it/,
    );
    assert.equal(findings[0].severity, 'error');
  });

  it('accepts a served queue, in either notation', async () => {
    const text = "class Urgent\n  include Sidekiq::Worker\n  sidekiq_options 'queue' => :critical\n  def perform; end\nend\n";
    assert.deepEqual(await app.findings({ path: 'app/workers/urgent.rb', text }), []);
  });

  it('flags a new job class with no queue (warning) and lists it for review (info), against the upstream version', async () => {
    const text = 'class CleanupJob\n  include Sidekiq::Job\n  def perform(id)\n  end\nend\n';
    const findings = await app.findings({ path: 'app/workers/cleanup_job.rb', text, base: { text: undefined } });
    assert.deepEqual(summary(findings), [
      ['jobs/implicit-default-queue', 1],
      ['jobs/new-job-class', 1],
    ]);
    assert.match(findings.find((f) => f.ruleId === 'jobs/implicit-default-queue')!.help!, /capacity/);
    assert.deepEqual(await app.findings({ path: 'app/workers/cleanup_job.rb', text, base: { text } }), [], 'not new: the upstream has it');
  });

  it('warns when perform gains a required argument, not when it gains an optional one', async () => {
    const before = 'class SyncJob\n  include Sidekiq::Job\n  sidekiq_options queue: :critical\n  def perform(order_id)\n  end\nend\n';
    const required = before.replace('def perform(order_id)', 'def perform(order_id, notify)');
    const optional = before.replace('def perform(order_id)', 'def perform(order_id, notify = true)');
    const findings = await app.findings({ path: 'app/workers/sync_job.rb', text: required, base: { text: before } });
    assert.deepEqual(summary(findings), [['jobs/perform-signature-changed', 4]]);
    assert.match(findings[0].message, /from \(order_id\) to \(order_id, notify\)/);
    assert.deepEqual(await app.findings({ path: 'app/workers/sync_job.rb', text: optional, base: { text: before } }), []);
  });

  it('honours jobs.rules severities and off', async () => {
    const findings = await app.findings(
      { path: 'app/workers/report_worker.rb', text: REPORT },
      'jobs:\n  rules:\n    queue-not-configured: warning\n',
    );
    assert.equal(findings[0].severity, 'warning');
    assert.deepEqual(
      await app.findings({ path: 'app/workers/report_worker.rb', text: REPORT }, 'jobs:\n  rules:\n    queue-not-configured: off\n'),
      [],
    );
  });
});

describe('jobs: Sidekiq config files', () => {
  it('reads queues as names and [name, weight] pairs, and Sidekiq 7 capsules', () => {
    assert.deepEqual(parseSidekiqConfig(SIDEKIQ_YML), { queues: ['critical', 'default'], problems: [] });
    const capsules = ':queues: [default]\n:capsules:\n  single:\n    :concurrency: 1\n    :queues:\n      - serial\n';
    assert.deepEqual(parseSidekiqConfig(capsules).queues, ['default', 'serial']);
  });

  it('turns a malformed file into a finding on it, at the line, instead of a crash', async () => {
    const broken = ':queues:\n  - critical\n  - [default, 2\n';
    const app = new App({});
    try {
      const findings = await app.findings({ path: 'config/sidekiq.yml', text: broken });
      assert.equal(findings[0].ruleId, 'jobs/invalid-queue-config');
      assert.equal(findings[0].file, 'config/sidekiq.yml');
      assert.deepEqual(
        [findings.length, findings[0].line, findings[0].column],
        [1, 4, 1],
        'where YAML finds the flow sequence unclosed: the end',
      );
      const notAList = await app.findings({ path: 'config/sidekiq.yml', text: ':queues: critical\n' });
      assert.deepEqual(
        notAList.map((f) => [f.ruleId, f.line, f.message]),
        [['jobs/invalid-queue-config', 1, "':queues:' must be a list: names, or [name, weight] pairs."]],
      );
    } finally {
      app.remove();
    }
  });

  it("without a sidekiq.yml, says that Sidekiq then processes only 'default'", async () => {
    const app = new App({});
    try {
      const text = "class MailJob\n  include Sidekiq::Job\n  sidekiq_options queue: 'mailers'\nend\n";
      const findings = await app.findings({ path: 'app/workers/mail_job.rb', text });
      assert.match(findings[0].message, /there is no config\/sidekiq.yml, so Sidekiq processes only 'default'/);
    } finally {
      app.remove();
    }
  });
});

describe('jobs: ActiveJob', () => {
  it('checks queue_as against Sidekiq when it is the adapter, on the queue_as line', async () => {
    const app = new App({
      'config/sidekiq.yml': SIDEKIQ_YML,
      'config/application.rb':
        'module Shop\n  class Application < Rails::Application\n    config.active_job.queue_adapter = :sidekiq\n  end\nend\n',
    });
    try {
      const text = 'class InvoiceJob < ApplicationJob\n  queue_as :billing\n\n  def perform(invoice)\n  end\nend\n';
      assert.deepEqual(summary(await app.findings({ path: 'app/jobs/invoice_job.rb', text })), [['jobs/queue-not-configured', 2]]);
      assert.deepEqual(await app.findings({ path: 'app/jobs/invoice_job.rb', text: text.replace(':billing', ':critical') }), []);
    } finally {
      app.remove();
    }
  });
});

describe('jobs: Celery', () => {
  let app: App;
  beforeEach(
    () => (app = new App({ Procfile: 'web: gunicorn shop.wsgi\nworker: celery -A shop worker -Q celery,emails --concurrency 4\n' })),
  );
  afterEach(() => app.remove());

  it('reports a task routed to a queue no worker consumes, on the decorator line', async () => {
    const text =
      "from celery import shared_task\n\n@shared_task(queue='reports')\ndef build_report(account_id):\n    pass\n\n@shared_task(queue='emails')\ndef send_receipt(order_id):\n    pass\n";
    const findings = await app.findings({ path: 'shop/tasks.py', text });
    assert.deepEqual(summary(findings), [['jobs/queue-not-configured', 3]]);
    assert.match(
      findings[0].message,
      /Task build_report goes to queue 'reports', which no Celery worker consumes \(Procfile starts workers for celery, emails\)/,
    );
  });

  it('sees a new task on the default queue and a changed task signature (bind=True: self is not an argument)', async () => {
    const before = "from shop.celery import app\n\n@app.task(bind=True, queue='emails')\ndef send_receipt(self, order_id):\n    pass\n";
    const after =
      before.replace('def send_receipt(self, order_id)', 'def send_receipt(self, order_id, locale)') +
      '\n@app.task\ndef purge(days):\n    pass\n';
    const findings = await app.findings({ path: 'shop/tasks.py', text: after, base: { text: before } });
    assert.deepEqual(summary(findings), [
      ['jobs/perform-signature-changed', 4],
      ['jobs/implicit-default-queue', 8],
      ['jobs/new-job-class', 8],
    ]);
  });
});

describe('jobs: BullMQ', () => {
  it('reports a queue with no Worker in the repository', async () => {
    const app = new App({
      'src/workers/email.ts': "import { Worker } from 'bullmq';\nnew Worker('emails', async (job) => send(job.data));\n",
    });
    try {
      app.repo.commitAll('workers');
      const text =
        "import { Queue } from 'bullmq';\nexport const emails = new Queue('emails');\nexport const exports = new Queue('exports', { connection });\n";
      const findings = await app.findings({ path: 'src/queues.ts', text });
      assert.deepEqual(summary(findings), [['jobs/queue-not-configured', 3]]);
      assert.match(findings[0].message, /Nothing processes BullMQ queue 'exports'/);
      const config = parseConfig('', '.preflight.yml').config;
      const untrusted = await analyzeFile({ path: 'src/queues.ts', text }, [jobsAnalyzer], { config, root: app.repo.dir, untrusted: true });
      assert.deepEqual(untrusted, [], 'in an untrusted workspace git is not run, so BullMQ workers are not known');
    } finally {
      app.remove();
    }
  });
});
