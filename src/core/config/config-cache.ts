import { crc32 } from 'node:zlib';
import type { KeyedCache } from '../cache/user-cache';
import { includedSources, type IncludedSource } from './includes';
import type { LoadedConfig } from './loader';

/** What a checked configuration was made from: the file's name and text, and each included file as it was read. */
export interface ConfigSources {
  file: string;
  text: string;
  included: IncludedSource[];
}

interface Entry extends ConfigSources {
  build: string;
  loaded: LoadedConfig;
}

/** A team's pack of a few hundred rules is tens of kilobytes; an entry far larger is not worth a file. */
const MAX_ENTRY_LENGTH = 4 * 1024 * 1024;

let kept: { cache: KeyedCache; build: string } | undefined;

/**
 * The CLI and the hook keep each checked configuration on disk: a push whose `.preflight.yml` has
 * not changed then neither loads the YAML parser nor validates the schema, the regexes and the
 * patterns again (most of what a one-file check spends beyond Node's start). An entry is used only
 * when the build, the file's name and text, and every included file's name and text are exactly
 * those it was made from; anything else is a miss, and the run checks the configuration itself.
 */
export function keepCheckedConfigs(cache: KeyedCache | undefined, build: string | undefined): void {
  kept = cache && build ? { cache, build } : undefined;
}

/** The configuration checked before from these very sources, if one was kept. */
export async function cachedConfig(file: string, text: string, root: string): Promise<LoadedConfig | undefined> {
  if (!kept) return undefined;
  const { build } = kept;
  const entry = parsedEntry(kept.cache.read(keyOf(build, file, text)));
  if (!entry || entry.build !== build || entry.file !== file || entry.text !== text) return undefined;
  const included = await includedSources(root, entry.loaded.config.include);
  return JSON.stringify(included) === JSON.stringify(entry.included) ? entry.loaded : undefined;
}

/** Keeps a configuration the run has just checked, with what it was made from. */
export function rememberConfig(sources: ConfigSources, loaded: LoadedConfig): void {
  if (!kept) return;
  const entry: Entry = { build: kept.build, ...sources, loaded };
  const value = JSON.stringify(entry);
  if (value.length <= MAX_ENTRY_LENGTH) kept.cache.write(keyOf(kept.build, sources.file, sources.text), value);
}

/** Names the entry; the entry itself holds its sources, compared in full, so a collision is only a miss. */
function keyOf(build: string, file: string, text: string): string {
  return `${crc32(text, crc32(`${build}\0${file}\0`)).toString(16)}-${text.length}`;
}

function parsedEntry(raw: string | undefined): Entry | undefined {
  if (raw === undefined) return undefined;
  try {
    const entry = JSON.parse(raw) as Partial<Entry> | null;
    return isEntry(entry) ? entry : undefined;
  } catch {
    return undefined;
  }
}

function isEntry(entry: Partial<Entry> | null): entry is Entry {
  const loaded = entry?.loaded;
  return (
    typeof entry?.build === 'string' &&
    typeof entry.file === 'string' &&
    typeof entry.text === 'string' &&
    Array.isArray(entry.included) &&
    typeof loaded?.config === 'object' &&
    loaded.config !== null &&
    Array.isArray(loaded.config.include) &&
    Array.isArray(loaded.config.rules) &&
    Array.isArray(loaded.findings)
  );
}
