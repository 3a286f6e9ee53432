import { goScaffold, goTestName } from '../scaffold/go';
import { testFramework } from './types';

export const goTesting = testFramework({
  id: 'go',
  label: 'go test',
  ecosystem: 'go',
  isEcosystemDefault: true,
  async detect(markers) {
    if (!markers.has('go.mod')) return [];
    return [
      {
        source: ['**/*.go', '!**/*_test.go', '!vendor/**'],
        tests: ['{dir}/{name}_test.go'],
        create: '{dir}/{name}_test.go',
        origin: 'go.mod',
      },
    ];
  },
  defaultCollects: ['**/*_test.go'],
  scaffold: goScaffold,
  generatedTestMark: (symbol) => `func ${goTestName(symbol)}(`,
});
