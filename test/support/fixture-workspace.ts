import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { TempRepo } from '../helpers/temp-repo';

export interface FixtureWorkspace extends TempRepo {
  remoteDir: string;
}

/**
 * The workspace the in-host and e2e tests open: a real git repo whose `main` is pushed to a
 * bare `origin`, with one config error, a Sidekiq job on a queue no worker serves, a source
 * file with no test (Mocha), and one unpushed commit adding a risky migration.
 */
/** A source with exported symbols and no test yet, for test-first (Mocha, per package.json). */
const ORDERS = `export interface Line {
  sku: string;
  cents: number;
}

export function parseOrder(text: string): Line[] {
  return text
    .split('\\n')
    .filter(Boolean)
    .map((sku) => ({ sku, cents: 0 }));
}

export class Order {
  constructor(private readonly lines: Line[]) {}

  total(): number {
    return this.lines.reduce((sum, line) => sum + line.cents, 0);
  }
}
`;

export function makeFixtureWorkspace(): FixtureWorkspace {
  const repo = new TempRepo('preflight-fixture-') as FixtureWorkspace;
  repo.remoteDir = `${repo.dir}-remote.git`;
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', repo.remoteDir]);
  repo.git('remote', 'add', 'origin', repo.remoteDir);
  repo
    .write(
      '.preflight.yml',
      [
        'version: 1',
        'gate:',
        '  blokOn: error',
        'postgres:',
        '  version: 15',
        'rules:',
        '  - id: no-console-log',
        '    message: Use the logger, not console.log.',
        '    files: ["src/**/*.ts"]',
        "    regex: 'console\\.log\\('",
        "    fix: 'logger.info('",
        '',
      ].join('\n'),
    )
    .write('src/app.ts', 'export function add(a: number, b: number): number {\n  return a + b;\n}\n')
    .write('README.md', '# Fixture\n')
    .write('package.json', `${JSON.stringify({ name: 'fixture', private: true, devDependencies: { mocha: '^10.0.0' } }, null, 2)}\n`)
    .write('.mocharc.json', '{ "spec": "test/**/*.test.ts" }\n')
    .write('src/orders.ts', ORDERS)
    .write('config/sidekiq.yml', ':queues:\n  - default\n  - mailers\n')
    .write(
      'app/workers/report_worker.rb',
      "class ReportWorker\n  include Sidekiq::Job\n  sidekiq_options queue: 'reports'\n\n  def perform(account_id)\n  end\nend\n",
    )
    .commitAll('fixture');
  repo.git('push', '-q', '-u', 'origin', 'main');
  repo
    .write(
      'db/migrations/V2__orders_customer_index.sql',
      "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\nCREATE INDEX index_orders_on_customer_id ON orders (customer_id);\n",
    )
    .commitAll('index orders by customer');
  const remove = repo.remove.bind(repo);
  repo.remove = () => {
    remove();
    rmSync(repo.remoteDir, { recursive: true, force: true });
  };
  return repo;
}
