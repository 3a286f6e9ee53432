import assert from 'node:assert/strict';
import { newPullRequestUrlFor } from '../../../../src/core/remote/fork';
import { githubRepositoryFromRemote, withoutCredentials } from '../../../../src/core/remote/repository';
import { signInProviderFor } from '../../../../src/core/remote/sign-in';

describe('GitHub repository from a git remote URL', () => {
  const cases: Array<[string, string, string, string]> = [
    ['https://github.com/acme/shop.git', 'acme/shop', 'https://api.github.com', 'https://api.github.com/graphql'],
    ['git@github.com:acme/shop.git', 'acme/shop', 'https://api.github.com', 'https://api.github.com/graphql'],
    ['ssh://git@github.com/acme/shop', 'acme/shop', 'https://api.github.com', 'https://api.github.com/graphql'],
    [
      'https://user@ghe.example.com/platform/api.git',
      'platform/api',
      'https://ghe.example.com/api/v3',
      'https://ghe.example.com/api/graphql',
    ],
    [
      'ssh://git@ghe.example.com:2222/platform/api.git',
      'platform/api',
      'https://ghe.example.com/api/v3',
      'https://ghe.example.com/api/graphql',
    ],
    [
      'https://ghe.example.com:8443/platform/api',
      'platform/api',
      'https://ghe.example.com:8443/api/v3',
      'https://ghe.example.com:8443/api/graphql',
    ],
    ['http://127.0.0.1:4000/acme/shop.git', 'acme/shop', 'http://127.0.0.1:4000/api/v3', 'http://127.0.0.1:4000/api/graphql'],
    ['http://ghe.internal/acme/shop.git', 'acme/shop', 'https://ghe.internal/api/v3', 'https://ghe.internal/api/graphql'],
  ];
  for (const [url, fullName, api, graphql] of cases) {
    it(`reads ${url}`, () => {
      const repository = githubRepositoryFromRemote(url);
      assert.equal(`${repository?.owner}/${repository?.name}`, fullName);
      assert.equal(repository?.apiUrl, api);
      assert.equal(repository?.graphqlUrl, graphql);
    });
  }

  it('finds nothing for a remote on disk', () => {
    assert.equal(githubRepositoryFromRemote('/srv/git/shop.git'), undefined);
    assert.equal(githubRepositoryFromRemote('file:///srv/git/shop.git'), undefined);
    assert.equal(githubRepositoryFromRemote('../shop.git'), undefined);
  });

  it("lets the user's API URL win, and refuses plain http off this machine", () => {
    const user = (url: string) => ({ url, from: 'user' as const });
    assert.equal(
      githubRepositoryFromRemote('git@github.com:acme/shop.git', user('https://gh.proxy.example/api/v3/'))?.apiUrl,
      'https://gh.proxy.example/api/v3',
    );
    assert.throws(() => githubRepositoryFromRemote('git@github.com:acme/shop.git', user('http://gh.proxy.example/api/v3')), /only https/);
    assert.equal(
      githubRepositoryFromRemote('git@github.com:acme/shop.git', user('http://localhost:9000/api/v3'))?.graphqlUrl,
      'http://localhost:9000/api/graphql',
    );
  });
});

describe('whose token goes to the API URL', () => {
  const repository = (url: string) => ({ url, from: 'repository' as const });
  const user = (url: string) => ({ url, from: 'user' as const });

  it("sends github.com's token only to api.github.com", () => {
    assert.equal(githubRepositoryFromRemote('git@github.com:acme/shop.git')?.tokenHost, 'github.com');
    assert.equal(githubRepositoryFromRemote('git@github.com:acme/shop.git', repository('https://api.github.com'))?.tokenHost, 'github.com');
  });

  it('refuses a .preflight.yml API URL off the remote host, and names the setting to use instead', () => {
    assert.throws(
      () => githubRepositoryFromRemote('git@github.com:acme/shop.git', repository('https://collector.example/api/v3')),
      /^Error: remote\.github\.apiUrl in \.preflight\.yml names collector\.example, which is not the remote's host github\.com: Preflight sends no token there\. If you trust it, set the preflight\.github\.apiUrl setting or PREFLIGHT_GITHUB_API_URL instead\.$/,
    );
    assert.throws(
      () => githubRepositoryFromRemote('https://ghe.example.com/platform/api.git', repository('https://api.github.com')),
      /names api\.github\.com, which is not the remote's host ghe\.example\.com/,
    );
    assert.throws(
      () =>
        githubRepositoryFromRemote('https://ghe.example.com/platform/api.git', repository('https://ghe.example.com.evil.example/api/v3')),
      /sends no token there/,
    );
  });

  it("accepts a .preflight.yml API URL on the enterprise remote's own host or its api. subdomain, with that host's token", () => {
    const sameHost = githubRepositoryFromRemote('git@ghe.example.com:platform/api.git', repository('https://ghe.example.com:8443/api/v3'));
    assert.deepEqual([sameHost?.apiUrl, sameHost?.tokenHost], ['https://ghe.example.com:8443/api/v3', 'ghe.example.com']);
    const subdomain = githubRepositoryFromRemote('git@ghe.example.com:platform/api.git', repository('https://api.ghe.example.com'));
    assert.deepEqual([subdomain?.graphqlUrl, subdomain?.tokenHost], ['https://api.ghe.example.com/graphql', 'ghe.example.com']);
  });

  it("asks for the token of the user's API host, not the remote's, when the user points elsewhere", () => {
    assert.equal(
      githubRepositoryFromRemote('git@github.com:acme/shop.git', user('https://gh.proxy.example/api/v3'))?.tokenHost,
      'gh.proxy.example',
    );
    assert.equal(
      githubRepositoryFromRemote('git@ghe.example.com:platform/api.git', user('https://api.github.com'))?.tokenHost,
      'github.com',
    );
  });

  it('shows a remote URL without the credentials in it', () => {
    assert.equal(withoutCredentials('https://alice:ghp_secret@github.com/acme/shop.git'), 'https://github.com/acme/shop.git');
    assert.equal(withoutCredentials('https://x-access-token:p@ss@ghe.example.com/a/b'), 'https://ghe.example.com/a/b');
    assert.equal(withoutCredentials('git@github.com:acme/shop.git'), 'git@github.com:acme/shop.git');
    assert.equal(withoutCredentials('https://github.com/acme/shop.git'), 'https://github.com/acme/shop.git');
  });
});

describe('which VS Code sign-in supplies a token', () => {
  it("github.com's sign-in for github.com, the Enterprise sign-in only for the server the user set, none for other hosts", () => {
    assert.equal(signInProviderFor('github.com', undefined), 'github');
    assert.equal(signInProviderFor('ghe.example.com', 'https://ghe.example.com'), 'github-enterprise');
    assert.equal(signInProviderFor('GHE.example.com', 'ghe.example.com/'), 'github-enterprise');
    assert.equal(signInProviderFor('collector.example', 'https://ghe.example.com'), undefined);
    assert.equal(signInProviderFor('ghe.example.com', undefined), undefined);
    assert.equal(signInProviderFor('ghe.example.com', '::not a uri::'), undefined);
  });
});

describe("a fork's pull request page", () => {
  it("opens the parent's compare page with the fork owner's branch as head", () => {
    const fork = { repository: 'alice/shop', repositoryUrl: 'https://github.com/alice/shop', parent: 'acme/shop', via: 'github' as const };
    assert.equal(
      newPullRequestUrlFor({ repositoryUrl: 'https://github.com/acme/shop', branch: 'feature/orders index', fork }, 'main'),
      'https://github.com/acme/shop/compare/main...alice:feature/orders%20index?expand=1',
    );
    assert.equal(
      newPullRequestUrlFor({ repositoryUrl: 'https://github.com/acme/shop', branch: 'feature/x', fork: null }),
      'https://github.com/acme/shop/compare/feature/x?expand=1',
    );
    assert.equal(newPullRequestUrlFor({ repositoryUrl: undefined, branch: 'feature/x', fork: null }), undefined);
  });
});
