import type { TestFirstRule } from './rule';

export const testNotCollected: TestFirstRule = {
  name: 'test-not-collected',
  severity: 'warning',
  description: "A test file sits where its framework's runner does not look, so it never runs.",
  why: "A test that is never collected passes forever: CI is green while the code it was written for is broken. It happens when a test is named or placed by one convention and the runner is configured for another (Vitest's `include`, Jest's `testMatch`, Mocha's `spec`, pytest's `python_files`).",
  help: "Rename or move the test so the runner collects it, or widen the runner's configuration; if the map is wrong, fix `tests:` in .preflight.yml.",
};
