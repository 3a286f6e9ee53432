import { FakeGitHub } from '../support/fake-github/server';
import { loadScenario } from '../support/fake-github/scenario';
import { TempRepo } from './temp-repo';

export const PR_BRANCH = 'feature/orders-index';

/** A repository on branch `feature/orders-index` whose origin is a fake GitHub serving the `green` PR for its HEAD. */
export async function repoOnFakeGitHub(prefix: string): Promise<{ repo: TempRepo; head: string; github: FakeGitHub }> {
  const repo = new TempRepo(prefix);
  repo.write('README.md', '# shop\n').commitAll('initial');
  repo.git('checkout', '-q', '-b', PR_BRANCH);
  const head = repo.git('rev-parse', 'HEAD').trim();
  const github = await FakeGitHub.start(loadScenario('green', { headSha: head, branch: PR_BRANCH }));
  repo.git('remote', 'add', 'origin', github.remoteUrl);
  return { repo, head, github };
}
