import { pythonTestName } from '../../scaffold/python';
import type { ExportedSymbol } from '../../symbols';
import type { RootMarkers } from '../root-markers';
import type { Convention } from '../types';

/** The root files that say a repository is Python, most telling first. */
const PYTHON_MARKERS = [
  'pytest.ini',
  'pyproject.toml',
  'setup.cfg',
  'tox.ini',
  'setup.py',
  'requirements.txt',
  'requirements-dev.txt',
  'conftest.py',
];

/** The Python markers at the root, with their text ('' when unreadable). */
export async function pythonMarkers(markers: RootMarkers): Promise<(readonly [string, string])[]> {
  const present = PYTHON_MARKERS.filter(markers.has);
  return Promise.all(present.map(async (file) => [file, (await markers.read(file)) ?? ''] as const));
}

/** The Python map, detected by `origin`: the same for pytest and unittest. */
export function pythonConvention(markers: RootMarkers, origin: string | undefined): Convention[] {
  if (origin === undefined) return [];
  const base = markers.has('src') ? 'src/' : '';
  return [
    {
      source: [
        `${base}**/*.py`,
        '!tests/**',
        '!test/**',
        '!**/test_*.py',
        '!**/*_test.py',
        '!**/conftest.py',
        '!setup.py',
        '!**/migrations/**',
        '!**/__init__.py',
        '!docs/**',
        '!.venv/**',
        '!venv/**',
      ],
      tests: [
        'tests/{subdir}/test_{name}.py',
        'tests/test_{name}.py',
        'tests/**/test_{name}.py',
        '{dir}/test_{name}.py',
        '{dir}/{name}_test.py',
        'test/**/test_{name}.py',
      ],
      create: 'tests/{subdir}/test_{name}.py',
      origin,
    },
  ];
}

/** Both Python scaffolds write `def test_parse_order(`. */
export function pythonTestMark(symbol: ExportedSymbol): string {
  return `def ${pythonTestName(symbol)}(`;
}
