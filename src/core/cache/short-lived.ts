/**
 * Caches whose entries are trusted for a moment (a second or a few) without asking the file
 * system again: the editor asks on every keystroke, and a scan asks once per file. Each is made
 * here, so that they can all be emptied at once: by tests that rewrite a file and read it again
 * at once, and by the Preflight server before each run it serves, which must see what a run of
 * its own would see.
 */
const caches: Array<{ clear(): void }> = [];

export function shortLivedCache<K, V>(): Map<K, V> {
  const cache = new Map<K, V>();
  caches.push(cache);
  return cache;
}

export function forgetShortLivedCaches(): void {
  for (const cache of caches) cache.clear();
}
