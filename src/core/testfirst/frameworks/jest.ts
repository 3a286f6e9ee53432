import { dependenciesOf, scriptConfigNames } from './root-markers';
import { globsInPackageJson, readAt, scriptConfigAt, stringArrayIn } from './runner-config';
import { describeMark, javascriptConvention, javascriptScaffoldWith } from './shared/javascript';
import { testFramework } from './types';

export const jest = testFramework({
  id: 'jest',
  label: 'Jest',
  ecosystem: 'javascript',
  async detect(markers) {
    const manifest = await markers.packageJson();
    if (!manifest) return [];
    const configFile = scriptConfigNames('jest', ['ts', 'mts', 'js', 'mjs', 'cjs', 'cts', 'json']).find(markers.has);
    const origin =
      'jest' in dependenciesOf(manifest) ? 'jest in package.json' : (configFile ?? (manifest.jest ? 'jest in package.json' : undefined));
    return javascriptConvention(markers, origin);
  },
  defaultCollects: ['**/__tests__/**/*.?([mc])[jt]s?(x)', '**/?(*.)+(spec|test).?([mc])[jt]s?(x)'],
  async configuredCollection(root) {
    const file = scriptConfigAt(root, 'jest');
    if (file) {
      const text = await readAt(root, file);
      return text === undefined ? undefined : stringArrayIn(text, 'testMatch', file);
    }
    return globsInPackageJson(
      root,
      (manifest) => (manifest.jest as { testMatch?: unknown } | undefined)?.testMatch,
      'package.json (jest.testMatch)',
    );
  },
  // Jest provides describe and it as globals.
  scaffold: javascriptScaffoldWith([{ from: 'node:assert/strict', names: [], defaultName: 'assert' }]),
  generatedTestMark: describeMark,
});
