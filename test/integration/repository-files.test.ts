import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRepositoryFiles, listWorkTreeFiles } from '../../src/core/git/repository-files';
import { TempRepo } from '../helpers/temp-repo';

describe('listing the files a scan reads', () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
    repo.write('.gitignore', 'build/\n').write('db/V1__a.sql', 'SELECT 1;\n').write('app/models/user.rb', 'class User; end\n').commitAll();
    repo.write('app/new.rb', 'x\n').write('build/out.sql', 'SELECT 2;\n');
  });
  afterEach(() => repo.remove());

  it('asked from a subfolder, lists the whole work tree repository-relative, untracked files in, ignored ones out', async () => {
    const expected = ['.gitignore', 'app/models/user.rb', 'app/new.rb', 'db/V1__a.sql'];
    assert.deepEqual(await listWorkTreeFiles(join(repo.dir, 'app', 'models')), expected);
    assert.deepEqual(await listRepositoryFiles(repo.dir), expected);
  });

  it('rejects outside a work tree, so the scan walks the folder instead', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'preflight-plain-'));
    try {
      await assert.rejects(listWorkTreeFiles(plain));
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
