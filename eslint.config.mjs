// ESLint flat config. The one architectural rule that matters most: src/core and src/cli
// never import `vscode`, so the engine runs the same in the editor, the git hook and CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscode = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'src/core and src/cli must not depend on VS Code; put editor code in src/extension.' }],
    },
  ],
};

// The config layer knows no feature: the composition root (src/core/engine/registry.ts) hands it their checks.
const FEATURES = ['migrations', 'jobs', 'team-rules', 'testfirst', 'engine', 'gate', 'panel', 'remote', 'push', 'hook'];
const configKnowsNoFeature = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'vscode', message: 'src/core and src/cli must not depend on VS Code; put editor code in src/extension.' }],
      patterns: [
        {
          group: FEATURES.map((feature) => `../${feature}/*`),
          message: 'src/core/config imports no feature: put the check in the feature and list it in engine/registry.ts.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'test/fixtures/**',
      'demo/**',
      'dist/**',
      'node_modules/**',
      '.vscode-test/**',
      'out/**',
      'test/e2e/screenshots/**',
      '*.vsix',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['src/core/**/*.ts', 'src/cli/**/*.ts'], rules: noVscode },
  { files: ['src/core/config/**/*.ts'], rules: configKnowsNoFeature },
  { files: ['media/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
);
