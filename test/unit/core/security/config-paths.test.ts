import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_CONFIG_BYTES } from '../../../../src/core/config/loader';
import { loadConfig } from '../../../../src/core/engine/registry';
import { escapesRepository } from '../../../../src/core/fs/inside-repository';
import { TempRepo } from '../../../helpers/temp-repo';

const SECRET = 'ghp_outside_the_repository_secret';
/** What a hostile include would pull in: looks like YAML keys, so a careless message would quote it. */
const OUTSIDE_TEXT = `GITHUB_TOKEN: ${SECRET}\nrules:\n  - id: stolen\n    message: ${SECRET}\n    regex: x\n`;

describe('security: paths in the config stay inside the repository', () => {
  let repo: TempRepo;
  let outside: string;

  beforeEach(() => {
    repo = new TempRepo('preflight-paths-', { git: false });
    outside = mkdtempSync(join(tmpdir(), 'preflight-outside-'));
    writeFileSync(join(outside, 'secrets.yml'), OUTSIDE_TEXT);
  });
  afterEach(() => {
    repo.remove();
    rmSync(outside, { recursive: true, force: true });
  });

  const load = async () => {
    const loaded = await loadConfig(repo.dir);
    assert.doesNotMatch(JSON.stringify(loaded), new RegExp(SECRET), 'nothing from outside reaches the config or a message');
    return loaded;
  };
  const summary = (loaded: Awaited<ReturnType<typeof loadConfig>>) => loaded.findings.map((f) => [f.file, f.line, f.column, f.message]);

  it("reports an include with '..' or an absolute path at its line, and reads nothing", async () => {
    const relativeOut = join('..', outside.split('/').pop()!, '*.yml');
    repo.write('.preflight.yml', `include:\n  - "${relativeOut}"\n  - /proc/self/environ\n  - ../../proc/self/environ\n`);
    const loaded = await load();
    assert.deepEqual(summary(loaded), [
      [
        '.preflight.yml',
        2,
        5,
        `'${relativeOut}' leaves the repository: include names files inside it (no absolute path, no '..'). It is ignored.`,
      ],
      [
        '.preflight.yml',
        3,
        5,
        `'/proc/self/environ' leaves the repository: include names files inside it (no absolute path, no '..'). It is ignored.`,
      ],
      [
        '.preflight.yml',
        4,
        5,
        `'../../proc/self/environ' leaves the repository: include names files inside it (no absolute path, no '..'). It is ignored.`,
      ],
    ]);
    assert.deepEqual(loaded.config.include, []);
    assert.deepEqual(loaded.config.rules, []);
  });

  it('does not follow a symlinked folder or file out of the repository', async () => {
    repo.write('.preflight.yml', 'include: ["rules/**/*.yml", "more/*.yml"]\n');
    symlinkSync(outside, join(repo.dir, 'rules'));
    mkdirSync(join(repo.dir, 'more'));
    symlinkSync(join(outside, 'secrets.yml'), join(repo.dir, 'more', 'team.yml'));
    const loaded = await load();
    assert.deepEqual(summary(loaded), [['.preflight.yml', 1, 1, 'No file matches include: rules/**/*.yml, more/*.yml.']]);
    assert.deepEqual(loaded.config.rules, []);
  });

  it('refuses a .preflight.yml that is a symlink out of the repository, a folder, a FIFO or too large, and uses the defaults', async () => {
    symlinkSync(join(outside, 'secrets.yml'), join(repo.dir, '.preflight.yml'));
    assert.deepEqual(summary(await load()), [
      [
        '.preflight.yml',
        1,
        1,
        '.preflight.yml is outside the repository (or a symlink leading out of it); it is not read: Preflight uses its defaults.',
      ],
    ]);
    rmSync(join(repo.dir, '.preflight.yml'));

    mkdirSync(join(repo.dir, '.preflight.yml'));
    assert.deepEqual(summary(await load()), [
      ['.preflight.yml', 1, 1, '.preflight.yml is a folder, not a file: Preflight uses its defaults.'],
    ]);
    rmSync(join(repo.dir, '.preflight.yml'), { recursive: true });

    execFileSync('mkfifo', [join(repo.dir, '.preflight.yml')]);
    assert.deepEqual(summary(await load()), [
      [
        '.preflight.yml',
        1,
        1,
        '.preflight.yml is not a regular file (a FIFO, socket or device); it is not read: Preflight uses its defaults.',
      ],
    ]);
    rmSync(join(repo.dir, '.preflight.yml'));

    symlinkSync('/dev/zero', join(repo.dir, '.preflight.yml'));
    assert.match(summary(await load())[0][3] as string, /^\.preflight\.yml is outside the repository/);
    rmSync(join(repo.dir, '.preflight.yml'));

    repo.write('.preflight.yml', `# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
    assert.deepEqual(summary(await load()), [
      [
        '.preflight.yml',
        1,
        1,
        `.preflight.yml is larger than the limit (${MAX_CONFIG_BYTES + 3} > ${MAX_CONFIG_BYTES} bytes): Preflight uses its defaults.`,
      ],
    ]);
  });

  it('keeps jobs.queueConfigs inside the repository too', async () => {
    repo.write('.preflight.yml', 'jobs:\n  queueConfigs: ["config/sidekiq.yml", "../../etc/sidekiq.yml"]\n');
    const loaded = await load();
    assert.deepEqual(summary(loaded), [
      [
        '.preflight.yml',
        2,
        40,
        `'../../etc/sidekiq.yml' leaves the repository: jobs.queueConfigs names files inside it (no absolute path, no '..'). It is ignored.`,
      ],
    ]);
    assert.deepEqual(loaded.config.jobs.queueConfigs, ['config/sidekiq.yml']);
  });

  it('reads a config with a UTF-8 BOM as if it had none', async () => {
    repo.write('.preflight.yml', '\uFEFFgate:\n  blockOn: never\n');
    const loaded = await load();
    assert.deepEqual(loaded.findings, []);
    assert.equal(loaded.config.gate.blockOn, 'never');
  });

  it('tells paths that leave the repository by their spelling', () => {
    const cases: Array<[string, boolean]> = [
      ['rules/*.yml', false],
      ['.preflight/**/x..y.yml', false],
      ['../x', true],
      ['rules/../../x', true],
      ['/etc/passwd', true],
      ['C:/Windows', true],
      ['\\\\server\\share', true],
      ['~/.git-credentials', true],
      ['a\0b', true],
    ];
    assert.deepEqual(
      cases.map(([path]) => [path, escapesRepository(path)]),
      cases,
    );
  });
});
