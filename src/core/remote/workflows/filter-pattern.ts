import { re2js } from '../../text/re2';

/**
 * GitHub Actions' filter patterns (`branches`, `tags`, `paths` and their `-ignore` forms), as the
 * "Filter pattern cheat sheet" of GitHub's workflow syntax documentation defines them:
 *
 * - `*` any run of characters except `/`; `**` any run of characters, `/` included
 *   (`**` followed by `/` may also match nothing, so `**\/README.md` matches `README.md`);
 * - `?` zero or one of the preceding character, `+` one or more of it (`*.jsx?`, `[0-9]+`);
 * - `[...]` one character of a set or range (`a-z`, `A-Z`, `0-9`);
 * - `\` escapes the next character; a leading `!` negates (see `patternListIncludes`).
 *
 * picomatch is not used here: its `?` is "one character" and its `+(...)` an extglob, so it
 * answers the cheat sheet's own examples (`*.jsx?` for `page.js`) differently from GitHub.
 * The translation runs on RE2: a workflow file is repository content, and a pattern of many
 * `*` would make a backtracking regex take forever on a long path.
 */
export interface FilterPattern {
  source: string;
  negated: boolean;
  /** Whether the whole value matches (the `!` aside). */
  test(value: string): boolean;
}

export class FilterPatternError extends Error {}

export function compileFilterPattern(source: string): FilterPattern {
  const negated = source.startsWith('!');
  const body = negated ? source.slice(1) : source;
  const regex = re2js().RE2JS.compile(`^${patternRegex(body, source)}$`, re2js().RE2JS.DOTALL);
  return { source, negated, test: (value) => regex.matcher(value).matches() };
}

function patternRegex(pattern: string, source: string): string {
  let out = '';
  // What a following `?` or `+` repeats: the last character, set or escape written.
  let lastAtom: string | undefined;
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') {
      if (chars[i + 1] === '*') {
        if (chars[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
      lastAtom = undefined;
    } else if (c === '?' || c === '+') {
      if (lastAtom === undefined) {
        out += escapeRegex(c);
        lastAtom = escapeRegex(c);
      } else {
        out += c;
        lastAtom = undefined;
      }
    } else if (c === '[') {
      const end = chars.indexOf(']', i + 1);
      if (end < 0) throw new FilterPatternError(`'${source}' has a '[' without its ']'`);
      if (end === i + 1) throw new FilterPatternError(`'${source}' has an empty '[]'`);
      const set = chars.slice(i + 1, end).join('');
      if (!/^(?:[A-Za-z0-9]-[A-Za-z0-9]|[^\]\\^-])+$/u.test(set))
        throw new FilterPatternError(`'${source}': a [set] may list only characters and the ranges a-z, A-Z and 0-9`);
      const atom = `[${set.replace(/[\\\]^]/g, '\\$&')}]`;
      out += atom;
      lastAtom = atom;
      i = end;
    } else if (c === '\\') {
      const next = chars[i + 1];
      if (next === undefined) throw new FilterPatternError(`'${source}' ends with a lone '\\'`);
      lastAtom = escapeRegex(next);
      out += lastAtom;
      i += 1;
    } else {
      lastAtom = escapeRegex(c);
      out += lastAtom;
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Whether a list of patterns includes `value`: patterns are read in order and the last one that
 * matches decides, so `!` excludes what an earlier pattern included and a later positive pattern
 * includes it again (GitHub's "*.md, !README.md, README*" example).
 */
export function patternListIncludes(patterns: readonly FilterPattern[], value: string): boolean {
  let included = false;
  for (const pattern of patterns) if (pattern.test(value)) included = !pattern.negated;
  return included;
}
