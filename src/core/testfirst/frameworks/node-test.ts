import { describeMark, javascriptConvention, javascriptScaffoldWith } from './shared/javascript';
import { testFramework } from './types';

export const nodeTest = testFramework({
  id: 'node-test',
  label: 'node:test',
  ecosystem: 'javascript',
  isEcosystemDefault: true,
  async detect(markers) {
    const manifest = await markers.packageJson();
    if (!manifest) return [];
    const scripts = Object.values(manifest.scripts ?? {}).join('\n');
    return javascriptConvention(markers, /\bnode\b[^\n]*\s--test\b/.test(scripts) ? "'node --test' in package.json scripts" : undefined);
  },
  defaultCollects: [
    '**/*.test.{cjs,mjs,js}',
    '**/*-test.{cjs,mjs,js}',
    '**/*_test.{cjs,mjs,js}',
    '**/test-*.{cjs,mjs,js}',
    '**/test.{cjs,mjs,js}',
    '**/test/**/*.{cjs,mjs,js}',
  ],
  scaffold: javascriptScaffoldWith([
    { from: 'node:assert/strict', names: [], defaultName: 'assert' },
    { from: 'node:test', names: ['describe', 'it'] },
  ]),
  generatedTestMark: describeMark,
});
