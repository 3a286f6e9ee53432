import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main';
import type { CommandIo } from '../../../src/cli/io';
import { TempRepo } from '../../helpers/temp-repo';

function captureIo(cwd: string): CommandIo & { stdout: string[] } {
  const stdout: string[] = [];
  return { cwd, env: {}, color: false, stdout, out: (t) => stdout.push(t), err: (t) => stdout.push(t), readStdin: async () => '' };
}

describe('preflight rules test', () => {
  let repo: TempRepo;
  beforeEach(() => (repo = new TempRepo()));
  afterEach(() => repo.remove());

  it("shows how the fixed code differs from an example's expected output, as a diff", async () => {
    repo.write(
      '.preflight.yml',
      `rules:
  - id: no-console-log
    message: Use the logger.
    files: "**/*.ts"
    pattern: console.log($X)
    fix: logger.info($X)
    tests:
      invalid:
        - code: "a();\\nconsole.log(x);\\nb();\\n"
          output: "a();\\nlogger.warn(x);\\nb();\\n"
        - code: "console.log(y);\\n"
          output: "logger.info(y);\\n"
`,
    );
    const io = captureIo(repo.dir);
    assert.equal(await main(['rules', 'test'], io), 1);
    assert.equal(
      io.stdout.join('\n'),
      [
        '  ✖ team/no-console-log invalid[0]: the fixed code differs from the expected output',
        '      --- expected output',
        '      +++ after the fixes',
        '      @@ -1,3 +1,3 @@',
        '       a();',
        '      -logger.warn(x);',
        '      +logger.info(x);',
        '       b();',
        '  ✔ team/no-console-log invalid[1]',
        '',
        '1 passed, 1 failed (2 examples in 1 rules)',
      ].join('\n'),
    );
  });
});
