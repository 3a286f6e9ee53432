import { yaml } from '../../text/yaml';
import { dependenciesOf } from './root-markers';
import { asStrings, globsInPackageJson, readAt, stringArrayIn } from './runner-config';
import { describeMark, javascriptConvention, javascriptScaffoldWith } from './shared/javascript';
import { testFramework, type ConfiguredCollection } from './types';

const DATA_CONFIGS = ['.mocharc.json', '.mocharc.yml', '.mocharc.yaml'];
const SCRIPT_CONFIGS = ['.mocharc.js', '.mocharc.cjs'];

export const mocha = testFramework({
  id: 'mocha',
  label: 'Mocha',
  ecosystem: 'javascript',
  async detect(markers) {
    const manifest = await markers.packageJson();
    if (!manifest) return [];
    const origin = 'mocha' in dependenciesOf(manifest) ? 'mocha in package.json' : [...DATA_CONFIGS, ...SCRIPT_CONFIGS].find(markers.has);
    // Mocha collects ./test by default: a new test goes where it runs.
    return javascriptConvention(markers, origin, 'test/{subdir}/{name}.test.{ext}');
  },
  defaultCollects: ['test/*.{js,cjs,mjs}'],
  configuredCollection: mochaSpec,
  // Mocha provides describe and it as globals.
  scaffold: javascriptScaffoldWith([{ from: 'node:assert/strict', names: [], defaultName: 'assert' }]),
  generatedTestMark: describeMark,
});

async function mochaSpec(root: string): Promise<ConfiguredCollection> {
  for (const file of DATA_CONFIGS) {
    const text = await readAt(root, file);
    if (text === undefined) continue;
    const spec = asStrings((yaml().parse(text) as { spec?: unknown } | null)?.spec);
    if (spec) return { globs: spec, source: `${file} (spec)` };
  }
  for (const file of SCRIPT_CONFIGS) {
    const text = await readAt(root, file);
    if (text !== undefined) return stringArrayIn(text, 'spec', file);
  }
  return globsInPackageJson(root, (manifest) => (manifest.mocha as { spec?: unknown } | undefined)?.spec, 'package.json (mocha.spec)');
}
