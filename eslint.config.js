import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * A relative path that climbs into a workspace folder has left its own workspace: import the
 * other one by its package name and `exports` instead. A name check only (a workspace may have a
 * folder of the same name, such as web/scripts); scripts/test/unit/workspace-boundaries.test.ts
 * checks the resolved paths exactly.
 */
const crossWorkspaceImports = {
  regex: '^(\\.\\./){2,}(packages|services|lambda|local|cdk8s|kind|web)/',
  message: 'Import another workspace by its package name (add an `exports` entry if needed).',
};

/** Infrastructure the domain and the use cases know only through ports. */
const infrastructureImports = {
  group: ['@aws-sdk/*', 'express', 'memjs', 'bullmq', 'ioredis', 'fluent-ffmpeg'],
  message: 'The domain and use cases reach infrastructure through a port; adapters import it.',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '**/.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [crossWorkspaceImports] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message:
            'Read environment variables only in a config module (config.ts) or a composition root.',
        },
      ],
    },
  },
  {
    files: [
      '**/config.ts',
      'lambda/src/handler.ts',
      '**/local-config.ts',
      '**/main.ts',
      '**/test/**',
      'scripts/**',
      'local/src/**',
      'packages/testkit/**',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['packages/core/**', 'services/api/src/videos/**', 'services/admin/src/operations/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [crossWorkspaceImports, infrastructureImports] },
      ],
    },
  },
  {
    // The web app: TypeScript (web/tsconfig.json, with the DOM library) checks its browser globals.
    files: ['web/**/*.{ts,tsx}'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Its composition roots: the build config and scripts read the environment.
    files: ['web/vite.config.ts', 'web/scripts/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
