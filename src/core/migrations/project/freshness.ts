import { forgetShortLivedCaches, shortLivedCache } from '../../cache/short-lived';

/**
 * The project files and earlier migrations a migration is judged against are read from disk,
 * once per file per scan: for a short while after a check, a cached read is trusted without
 * asking the file system again (a scan of 1,000 migrations would otherwise stat the same files
 * thousands of times); after that, each file's stamp decides.
 */
export const FRESH_MS = 1000;

/** A cache emptied by forgetProjectCaches (and with every short-lived cache). */
export const projectCache: <K, V>() => Map<K, V> = shortLivedCache;

/** Empties every project cache: for tests that rewrite a project file and read it again at once. */
export const forgetProjectCaches: () => void = forgetShortLivedCaches;
