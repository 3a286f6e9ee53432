import { TempRepo } from '../helpers/temp-repo';

/** The workspace the in-host and e2e tests open: a real git repo with one config error. */
export function makeFixtureWorkspace(): TempRepo {
  const repo = new TempRepo('preflight-fixture-');
  repo
    .write('.preflight.yml', ['version: 1', 'gate:', '  blokOn: error', 'postgres:', '  version: 15', ''].join('\n'))
    .write('src/app.ts', 'export function add(a: number, b: number): number {\n  return a + b;\n}\n')
    .write('README.md', '# Fixture\n')
    .commitAll('fixture');
  return repo;
}
