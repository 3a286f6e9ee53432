import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

/**
 * The YAML parser, required when a run first reads YAML (a `.preflight.yml`, a `sidekiq.yml`, a
 * `.mocharc.yml`): a scan of a repository without one never compiles it (the bundles keep it in a
 * file of its own). Synchronous because its callers are.
 */
export function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load, see above
  loaded ??= require('yaml') as typeof Yaml;
  return loaded;
}
