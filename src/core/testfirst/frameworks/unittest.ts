import { unittestScaffold } from '../scaffold/python';
import { pythonConvention, pythonMarkers, pythonTestMark } from './shared/python';
import { testFramework } from './types';

export const unittest = testFramework({
  id: 'unittest',
  label: 'unittest',
  ecosystem: 'python',
  // Listed after pytest: any Python marker without pytest's means unittest, the standard library's.
  async detect(markers) {
    const first = (await pythonMarkers(markers))[0]?.[0];
    return pythonConvention(markers, first && `${first} (no pytest configuration: unittest)`);
  },
  defaultCollects: ['test*.py'],
  collectsByBasename: true,
  scaffold: unittestScaffold,
  generatedTestMark: pythonTestMark,
});
