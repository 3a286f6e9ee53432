/**
 * The project files and earlier migrations a migration is judged against are read from disk,
 * once per file per scan: for a short while after a check, a cached read is trusted without
 * asking the file system again (a scan of 1,000 migrations would otherwise stat the same files
 * thousands of times); after that, each file's stamp decides.
 */
export const FRESH_MS = 1000;

const caches: Array<{ clear(): void }> = [];

/** Registers a cache to be emptied by forgetProjectCaches. */
export function projectCache<K, V>(): Map<K, V> {
  const cache = new Map<K, V>();
  caches.push(cache);
  return cache;
}

/** Empties every project cache: for tests that rewrite a project file and read it again at once. */
export function forgetProjectCaches(): void {
  for (const cache of caches) cache.clear();
}
