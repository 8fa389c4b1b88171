// @ts-check
/**
 * Lint: typescript-eslint's recommended rules, the layers of
 * docs/architecture.md as import boundaries, the environment read in one
 * place, and a line length. Formatting is Prettier's (npm run format).
 */
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` patterns, each with the rule it enforces. */
const forbid = (message, ...group) => ({ group, message });

export default tseslint.config(
  { ignores: ['node_modules/', 'migrations/', 'data/', '.demo-data/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@stylistic': stylistic },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@stylistic/max-len': [
        'error',
        { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads the environment.' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^[^.]', message: 'src/domain is pure: it imports no package (no zod, drizzle or hono).' },
            forbid(
              'src/domain imports nothing outside src/domain.',
              '**/db/**',
              '**/http/**',
              '**/features/**',
              '**/config',
              '**/context',
              '**/clock',
              '**/cli/**',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid('Routes call services, never repositories or the database.', '**/*.repository', '**/db/**'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/**/*.ts'],
    ignores: ['src/features/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid('Services and repositories never import the HTTP layer.', '**/http/**'),
            forbid('Only the app mounts routes.', '**/*.routes'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/**/*.repository.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid('Repositories never import the HTTP layer.', '**/http/**'),
            forbid('Repositories run queries; they call no service and no route.', '**/*.service', '**/*.routes'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [forbid('src/db knows no feature and no HTTP.', '**/features/**', '**/http/**')] },
      ],
    },
  },
  {
    // W. J. Cody's published coefficients, kept digit for digit as printed (and the tests that quote them).
    files: ['src/domain/scoring/stats.ts', 'tests/domain/stats.test.ts'],
    rules: { 'no-loss-of-precision': 'off' },
  },
  {
    files: ['web/**/*.js'],
    // chart.js is loaded by a script tag of its own (web/index.html) and is the global Chart.
    languageOptions: { globals: { ...globals.browser, Chart: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [forbid('The pages import only types from src/ (in .d.ts files).', '**/src/**')] },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  prettier,
);
