import { pytestScaffold } from '../scaffold/python';
import { readAt } from './runner-config';
import { pythonConvention, pythonMarkers, pythonTestMark } from './shared/python';
import { testFramework, type ConfiguredCollection } from './types';

const PYTEST_SECTION = /\[tool\.pytest|\[tool:pytest\]|\[pytest\]|^\s*pytest\b/m;

export const pytest = testFramework({
  id: 'pytest',
  label: 'pytest',
  ecosystem: 'python',
  isEcosystemDefault: true,
  async detect(markers) {
    const marker = (await pythonMarkers(markers)).find(
      ([file, text]) => file === 'pytest.ini' || file === 'conftest.py' || PYTEST_SECTION.test(text),
    );
    return pythonConvention(markers, marker && `pytest in ${marker[0]}`);
  },
  defaultCollects: ['test_*.py', '*_test.py'],
  collectsByBasename: true,
  configuredCollection: pythonFiles,
  scaffold: pytestScaffold,
  generatedTestMark: pythonTestMark,
});

async function pythonFiles(root: string): Promise<ConfiguredCollection> {
  for (const file of ['pytest.ini', 'pyproject.toml', 'tox.ini', 'setup.cfg']) {
    const text = await readAt(root, file);
    const line = text && /^\s*python_files\s*=\s*(.+)$/m.exec(text);
    if (line)
      return {
        globs: line[1]
          .replace(/[[\]"',]/g, ' ')
          .split(/\s+/)
          .filter(Boolean),
        source: `${file} (python_files)`,
      };
  }
  return undefined;
}
