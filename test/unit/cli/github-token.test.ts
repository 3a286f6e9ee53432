import assert from 'node:assert/strict';
import { cliTokenSource } from '../../../src/cli/github-token';

describe("the CLI's token for a host", () => {
  const env = { PATH: '/nonexistent', GITHUB_TOKEN: 'ghp_dotcom', GH_TOKEN: 'ghp_other', GH_ENTERPRISE_TOKEN: 'ghe_token' };

  it("takes github.com's token for github.com and the enterprise token for any other host, never github.com's", async () => {
    assert.equal(await cliTokenSource(env)('github.com'), 'ghp_dotcom');
    assert.equal(await cliTokenSource({ ...env, GITHUB_TOKEN: '' })('github.com'), 'ghp_other');
    assert.equal(await cliTokenSource(env)('ghe.example.com'), 'ghe_token');
    assert.equal(
      await cliTokenSource({ PATH: '/nonexistent', GITHUB_TOKEN: 'ghp_dotcom', GH_TOKEN: 'ghp_other' })('ghe.example.com'),
      undefined,
    );
    assert.equal(await cliTokenSource({ PATH: '/nonexistent', GITHUB_ENTERPRISE_TOKEN: 'ghe_2' })('ghe.example.com'), 'ghe_2');
  });
});
