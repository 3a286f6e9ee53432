import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of package.json the JavaScript frameworks are detected from. */
export interface PackageManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  jest?: unknown;
  mocha?: unknown;
}

/** The repository root's files as detection reads them; each file is read once however many frameworks ask. */
export interface RootMarkers {
  has(file: string): boolean;
  read(file: string): Promise<string | undefined>;
  /** package.json parsed; undefined when absent or not JSON (then no JavaScript framework is detected). */
  packageJson(): Promise<PackageManifest | undefined>;
}

export function rootMarkers(root: string): RootMarkers {
  const texts = new Map<string, Promise<string | undefined>>();
  const read = (file: string) => {
    let text = texts.get(file);
    if (!text) texts.set(file, (text = readFile(join(root, file), 'utf8').catch(() => undefined)));
    return text;
  };
  return {
    has: (file) => existsSync(join(root, file)),
    read,
    packageJson: async () => parseManifest(await read('package.json')),
  };
}

function parseManifest(text: string | undefined): PackageManifest | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as PackageManifest;
  } catch {
    return undefined;
  }
}

/** `vitest.config.ts`, `vitest.config.mjs`, …: the names a tool's script config may have. */
export function scriptConfigNames(tool: string, extensions = ['ts', 'mts', 'js', 'mjs', 'cjs', 'cts']): string[] {
  return extensions.map((extension) => `${tool}.config.${extension}`);
}

/** The dependencies and devDependencies of package.json together. */
export function dependenciesOf(manifest: PackageManifest): Record<string, string> {
  return { ...manifest.dependencies, ...manifest.devDependencies };
}
