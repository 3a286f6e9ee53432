import { TempRepo } from '../helpers/temp-repo';

/** The workspace the in-host and e2e tests open: a real git repo with one config error and a risky migration. */
export function makeFixtureWorkspace(): TempRepo {
  const repo = new TempRepo('preflight-fixture-');
  repo
    .write('.preflight.yml', ['version: 1', 'gate:', '  blokOn: error', 'postgres:', '  version: 15', ''].join('\n'))
    .write('src/app.ts', 'export function add(a: number, b: number): number {\n  return a + b;\n}\n')
    .write('README.md', '# Fixture\n')
    .write('db/migrations/V2__orders_customer_index.sql', "SET lock_timeout = '5s';\nSET statement_timeout = '15min';\nCREATE INDEX index_orders_on_customer_id ON orders (customer_id);\n")
    .commitAll('fixture');
  return repo;
}
