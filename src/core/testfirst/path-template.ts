/**
 * Test path patterns of `tests:` (`{dir}/{name}.test.{ext}`, `tests/{subdir}/test_{name}.py`,
 * `test/**\/{name}.spec.{ext}`): filled from a source file's parts to give a path or a glob, and
 * read back from a test path to give the parts of its source.
 */
export interface PathParts {
  /** The source's folder, repository-relative ('' at the root). */
  dir: string;
  /** The folder below the source glob's fixed prefix: `models` for app/models/x.rb under `app/**`. */
  subdir: string;
  /** The file name without its last extension. */
  name: string;
  /** The last extension, without the dot. */
  ext: string;
}

export type Placeholder = keyof PathParts;

export interface PathTemplate {
  text: string;
  /** Whether the filled template is a glob (it holds `*`), not one path. */
  isGlob: boolean;
  read(path: string): Partial<PathParts> | undefined;
  fill(parts: PathParts): string;
}

const PLACEHOLDERS: readonly string[] = ['dir', 'subdir', 'name', 'ext'];
const TOKEN = /\{(dir|subdir|name|ext)\}\/?|\*\*\/|\*\*|\*|\?|\{[^{}]*\}|[^{*?]+/g;

export function compileTemplate(text: string): PathTemplate {
  const isGlob = /[*?]/.test(text.replace(/\{(dir|subdir|name|ext)\}/g, ''));
  const regex = new RegExp(`^${templateRegex(text)}$`);
  return {
    text,
    isGlob,
    read: (path) => {
      const match = regex.exec(path);
      if (!match) return undefined;
      const parts: Partial<PathParts> = {};
      for (const [key, value] of Object.entries(match.groups ?? {})) parts[key as Placeholder] = value ?? '';
      return parts;
    },
    fill: (parts) =>
      normalize(text.replace(/\{(dir|subdir|name|ext)\}/g, (_, key: Placeholder) => (isGlob ? escapeGlob(parts[key]) : parts[key]))),
  };
}

/** Placeholders a template names that are not ours: `{file}` is a typo the config should hear about. */
export function unknownPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => m[1]).filter((name) => !PLACEHOLDERS.includes(name));
}

function templateRegex(text: string): string {
  const seen = new Set<string>();
  let out = '';
  for (const [token] of text.matchAll(TOKEN)) {
    const placeholder = /^\{(dir|subdir|name|ext)\}(\/?)$/.exec(token);
    if (placeholder) {
      const [, key, slash] = placeholder;
      const body = seen.has(key) ? `\\k<${key}>` : `(?<${key}>${key === 'name' ? '[^/]+?' : key === 'ext' ? '[A-Za-z0-9]+' : '.+?'})`;
      seen.add(key);
      out += slash && (key === 'dir' || key === 'subdir') ? `(?:${body}/)?` : body + (slash ? '/' : '');
    } else if (token === '**/') out += '(?:.*/)?';
    else if (token === '**') out += '.*';
    else if (token === '*') out += '[^/]*';
    else if (token === '?') out += '[^/]';
    else if (token.startsWith('{')) out += `(?:${token.slice(1, -1).split(',').map(escapeRegex).join('|')})`;
    else out += escapeRegex(token);
  }
  return out;
}

function normalize(path: string): string {
  return path.replace(/\/{2,}/g, '/').replace(/^\.?\//, '');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]{}()!+@\\]/g, '\\$&');
}
