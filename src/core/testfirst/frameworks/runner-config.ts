import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSyntax } from '../../syntax/tree-sitter';
import { scriptConfigNames } from './root-markers';
import type { ConfiguredCollection } from './types';

/** The first of the tool's script configs (`vitest.config.ts`, …) at the root. */
export function scriptConfigAt(root: string, tool: string): string | undefined {
  return scriptConfigNames(tool).find((file) => existsSync(join(root, file)));
}

export function readAt(root: string, file: string): Promise<string | undefined> {
  return readFile(join(root, file), 'utf8').catch(() => undefined);
}

/** The globs package.json gives at `pick`, or undefined. */
export async function globsInPackageJson(
  root: string,
  pick: (manifest: Record<string, unknown>) => unknown,
  source: string,
): Promise<ConfiguredCollection> {
  const text = await readAt(root, 'package.json');
  if (!text) return undefined;
  const globs = asStrings(pick(JSON.parse(text) as Record<string, unknown>));
  return globs ? { globs, source } : undefined;
}

/** A glob or a list of them, as configs write it; undefined for anything else. */
export function asStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** The first `key: ['…', '…']` in a JavaScript/TypeScript config file, read from its syntax tree. */
export async function stringArrayIn(text: string, key: string, file: string): Promise<ConfiguredCollection> {
  const tree = await parseSyntax('typescript', text);
  try {
    for (const pair of tree.rootNode.descendantsOfType('pair')) {
      const name = pair?.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '');
      const value = pair?.childForFieldName('value');
      if (name !== key || !value) continue;
      const items = value.type === 'array' ? value.namedChildren : [value];
      const strings = items.filter((item) => item?.type === 'string').map((item) => item!.text.slice(1, -1));
      if (strings.length === items.length && strings.length > 0) return { globs: strings, source: `${file} (${key})` };
    }
    return undefined;
  } finally {
    tree.delete();
  }
}
