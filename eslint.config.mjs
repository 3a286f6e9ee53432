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

export default tseslint.config(
  { ignores: ['demo/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'out/**', 'test/e2e/screenshots/**', '*.vsix'] },
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
  { files: ['media/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
);
