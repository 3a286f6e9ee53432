import assert from 'node:assert/strict';
import schema from '../../../../schemas/preflight.schema.json';
import { FRAMEWORKS, SOURCE_EXTENSIONS, TEST_FRAMEWORKS } from '../../../../src/core/testfirst/frameworks';

describe('the list of test frameworks', () => {
  it("is the config schema's framework enum", () => {
    const enumerated = schema.properties.tests.items.properties.framework.enum;
    assert.deepEqual([...enumerated].sort(), TEST_FRAMEWORKS.map((framework) => framework.id).sort());
  });

  it('names each framework once', () => {
    assert.equal(Object.keys(FRAMEWORKS).length, TEST_FRAMEWORKS.length);
  });

  it('has one default framework per ecosystem', () => {
    for (const ecosystem of Object.keys(SOURCE_EXTENSIONS)) {
      const defaults = TEST_FRAMEWORKS.filter((framework) => framework.ecosystem === ecosystem && framework.isEcosystemDefault);
      assert.equal(defaults.length, 1, ecosystem);
    }
  });
});
