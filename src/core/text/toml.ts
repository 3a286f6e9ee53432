import type * as Toml from 'toml-eslint-parser';

let loaded: typeof Toml | undefined;

/**
 * The TOML parser (with positions), required when a run first reads a `.squawk.toml`: a project
 * without one never compiles it (the bundles keep it in a file of its own). Synchronous because
 * its caller is.
 */
export function toml(): typeof Toml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load, see above
  loaded ??= require('toml-eslint-parser') as typeof Toml;
  return loaded;
}
