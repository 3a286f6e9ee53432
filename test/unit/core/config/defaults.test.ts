import assert from 'node:assert/strict';
import { configSchema } from '../../../../src/core/config/schema';
import { parseConfig } from '../../../../src/core/engine/registry';
import { STARTER_CONFIG } from '../../../../src/core/config/starter';
import { defaultConfig } from '../../../../src/core/config/types';

type SchemaNode = { default?: unknown; properties?: Record<string, SchemaNode> };

describe('config defaults', () => {
  it('the defaults in the schema (shown in docs and editors) are the ones the loader uses', () => {
    const defaults = defaultConfig() as unknown as Record<string, unknown>;
    const check = (node: SchemaNode, value: unknown, path: string) => {
      if (node.default !== undefined) assert.deepEqual(value, node.default, path);
      for (const [key, child] of Object.entries(node.properties ?? {}))
        check(child, (value as Record<string, unknown> | undefined)?.[key], `${path}.${key}`);
    };
    check(configSchema as SchemaNode, defaults, 'config');
  });

  it('the starter file written by "Create .preflight.yml" is valid', () => {
    const { findings, config } = parseConfig(STARTER_CONFIG, '.preflight.yml');
    assert.deepEqual(findings, []);
    assert.equal(config.rules[0].id, 'no-focused-tests');
  });
});
