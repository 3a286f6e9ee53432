import { dependenciesOf, scriptConfigNames } from './root-markers';
import { readAt, scriptConfigAt, stringArrayIn } from './runner-config';
import { describeMark, javascriptConvention, javascriptScaffoldWith } from './shared/javascript';
import { testFramework } from './types';

export const vitest = testFramework({
  id: 'vitest',
  label: 'Vitest',
  ecosystem: 'javascript',
  async detect(markers) {
    const manifest = await markers.packageJson();
    if (!manifest) return [];
    const configFile = scriptConfigNames('vitest', ['ts', 'mts', 'js', 'mjs', 'cjs', 'cts', 'json']).find(markers.has);
    return javascriptConvention(markers, 'vitest' in dependenciesOf(manifest) ? 'vitest in package.json' : configFile);
  },
  defaultCollects: ['**/*.{test,spec}.?(c|m)[jt]s?(x)'],
  async configuredCollection(root) {
    const file = scriptConfigAt(root, 'vitest') ?? scriptConfigAt(root, 'vite');
    const text = file && (await readAt(root, file));
    return file && text !== undefined ? stringArrayIn(text, 'include', file) : undefined;
  },
  scaffold: javascriptScaffoldWith([{ from: 'vitest', names: ['assert', 'describe', 'it'] }]),
  generatedTestMark: describeMark,
});
