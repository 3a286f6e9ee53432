/** The `.preflight.yml` that "Create .preflight.yml" writes: valid, commented, and a rule to copy. */
export const STARTER_CONFIG = `# Preflight: the team's pre-push checks, reviewed like code.
# Reference: https://github.com/preflight-dev/preflight#configuration
version: 1

# Files Preflight never analyses.
ignore:
  - node_modules/**
  - vendor/**
  - dist/**

# The PostgreSQL major version your migrations run against.
postgres:
  version: 15

migrations:
  # Set to true when the migration runner already sets lock_timeout and statement_timeout.
  runnerSetsTimeouts: false

# Team rules, shown inline in every editor, in the git hook and in CI.
rules:
  - id: no-focused-tests
    message: A focused test skips the rest of the suite in CI.
    severity: error
    files: ["**/*.test.ts", "**/*.spec.ts"]
    regex: '\\b(describe|it|test)\\.only\\('
    help: Remove .only before pushing.

# Test-first: where tests live is detected (Vitest, Jest, Mocha, node:test, pytest, go test,
# RSpec, Minitest, JUnit); map a folder differently here. {dir} {subdir} {name} {ext}.
# tests:
#   - source: ["packages/api/src/**/*.ts"]
#     tests: ["packages/api/test/{subdir}/{name}.spec.{ext}"]
testFirst:
  # Source files that need no test when they change.
  exceptions: []

gate:
  # The least severe finding that blocks a push: error, warning or never.
  blockOn: error
`;
