import type { ConfigCheck, ConfigPath } from '../config/loader';
import { escapesRepository } from '../fs/inside-repository';
import type { Finding } from '../findings/finding';
import { unknownPlaceholders } from './path-template';

/** A `tests:` entry naming a placeholder we do not fill (`{file}`), or a path out of the repository, is reported at the pattern and left out. */
export const usableTestMaps: ConfigCheck = (config, document) => {
  const findings: Finding[] = [];
  const tests = config.tests.filter((entry, index) => {
    const patterns: [string, ConfigPath][] = [
      ...entry.tests.map((pattern, at): [string, ConfigPath] => [pattern, ['tests', index, 'tests', at]]),
      ...(entry.create ? [[entry.create, ['tests', index, 'create']] as [string, ConfigPath]] : []),
    ];
    const bad = patterns.filter(([pattern]) => problemOf(pattern) !== undefined);
    for (const [pattern, path] of bad) findings.push(document.findingAt(path, problemOf(pattern)!));
    return bad.length === 0;
  });
  return { config: { ...config, tests }, findings };
};

function problemOf(pattern: string): string | undefined {
  if (escapesRepository(pattern))
    return `'${pattern}' leaves the repository: tests are found and created inside it (no absolute path, no '..').`;
  const unknown = unknownPlaceholders(pattern);
  return unknown.length > 0
    ? `Unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')} in '${pattern}': use {dir}, {subdir}, {name} or {ext}.`
    : undefined;
}
