/**
 * RE2 (linear-time regular expressions), required when a run first compiles a regex rule: a run
 * without one never compiles it (the bundles keep it in a file of its own). Synchronous because
 * compiling a rule is.
 */
let loaded: typeof import('re2js') | undefined;

export function re2js(): typeof import('re2js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load, see above
  loaded ??= require('re2js') as typeof import('re2js');
  return loaded;
}
