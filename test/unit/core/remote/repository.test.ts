import assert from 'node:assert/strict';
import { githubRepositoryFromRemote } from '../../../../src/core/remote/repository';

describe('GitHub repository from a git remote URL', () => {
  const cases: Array<[string, string, string, string]> = [
    ['https://github.com/acme/shop.git', 'acme/shop', 'https://api.github.com', 'https://api.github.com/graphql'],
    ['git@github.com:acme/shop.git', 'acme/shop', 'https://api.github.com', 'https://api.github.com/graphql'],
    ['ssh://git@github.com/acme/shop', 'acme/shop', 'https://api.github.com', 'https://api.github.com/graphql'],
    ['https://user@ghe.example.com/platform/api.git', 'platform/api', 'https://ghe.example.com/api/v3', 'https://ghe.example.com/api/graphql'],
    ['ssh://git@ghe.example.com:2222/platform/api.git', 'platform/api', 'https://ghe.example.com/api/v3', 'https://ghe.example.com/api/graphql'],
    ['https://ghe.example.com:8443/platform/api', 'platform/api', 'https://ghe.example.com:8443/api/v3', 'https://ghe.example.com:8443/api/graphql'],
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

  it('lets the configured API URL win, and refuses plain http off this machine', () => {
    assert.equal(githubRepositoryFromRemote('git@github.com:acme/shop.git', 'https://gh.proxy.example/api/v3/')?.apiUrl, 'https://gh.proxy.example/api/v3');
    assert.throws(() => githubRepositoryFromRemote('git@github.com:acme/shop.git', 'http://gh.proxy.example/api/v3'), /only https/);
    assert.equal(githubRepositoryFromRemote('git@github.com:acme/shop.git', 'http://localhost:9000/api/v3')?.graphqlUrl, 'http://localhost:9000/api/graphql');
  });
});
