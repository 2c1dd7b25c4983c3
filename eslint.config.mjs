// Layers (see AGENTS.md): shared <- core <- node <- vscode <- extension.ts; webview-ui imports only shared.
import tseslint from 'typescript-eslint';

const BUILTINS =
  '^(node:)?(fs|path|os|child_process|crypto|worker_threads|http|https|net|stream|url|util|events|readline|zlib|timers|process|buffer|assert|v8|perf_hooks)(/.*)?$';
const layers = (...names) => `^\\.\\.?/(.*/)?(${names.join('|')})(/|$)`;
const restrict = (message, ...regexes) => ({
  'no-restricted-imports': ['error', { patterns: regexes.map((regex) => ({ regex, message })) }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      '.vscode-host/**',
      'scripts/host/**',
      'media/**',
      'test/sample-workspace/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS scripts, and the integration suite's phase table (specs must load after mocha's globals exist)
    files: ['**/*.cjs', 'test/integration/index.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict('src/shared imports nothing but its own files.', '^(?!\\./)'),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(
      'src/core is pure logic: src/shared and core only (no vscode, no node builtins, no adapters).',
      '^vscode$',
      BUILTINS,
      layers('node', 'vscode', 'webview-ui', 'extension'),
    ),
  },
  {
    files: ['src/node/**/*.ts'],
    rules: restrict(
      'src/node holds adapters: no vscode, no src/vscode.',
      '^vscode$',
      layers('vscode', 'webview-ui', 'extension'),
    ),
  },
  {
    files: ['src/vscode/**/*.ts'],
    rules: restrict(
      'src/vscode must not import the webview front end or extension.ts.',
      layers('webview-ui', 'extension'),
    ),
  },
  {
    files: ['src/extension.ts'],
    rules: restrict('extension.ts wires src/vscode only.', layers('core', 'node', 'webview-ui'), BUILTINS),
  },
  {
    files: ['webview-ui/**/*.ts'],
    rules: restrict(
      'webview-ui imports only src/shared (and browser libraries).',
      '^vscode$',
      BUILTINS,
      layers('core', 'node', 'vscode', 'extension'),
    ),
  },
);
