import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layer boundaries (docs/ARCHITECTURE.md): web sees only shared; core never sees the adapters; nothing
// but the entry points sees the composition root (src/main); only src/db and repositories build SQL.
// Patterns match relative imports by folder name, so a package such as '@mantine/core/styles.css' passes.
const layer = (folders, message) => ({
  regex: `^\\.{1,2}/(?:.*/)?(?:${folders.join('|')})(?:/|$)`,
  message,
});
const notMain = layer(
  ['main'],
  'Only entry points import the composition root (src/main); take the Core type from src/core/core.ts.',
);
const kyselyTypesOnly = {
  name: 'kysely',
  allowTypeImports: true,
  message: 'Only src/db and repositories (*.repo.ts) build SQL: import Kysely types only (import type).',
};
/** One no-restricted-imports setting per folder (a later setting replaces an earlier one for the same file). */
const restrictImports = (files, patterns, o = {}) => ({
  files,
  ...(o.ignores ? { ignores: o.ignores } : {}),
  rules: {
    'no-restricted-imports': ['error', { paths: o.sqlAllowed ? [] : [kyselyTypesOnly], patterns }],
  },
});
const sqlFiles = ['src/db/**', 'src/**/*.repo.ts'];
/** CLI files that open the database or start the server themselves: the `imr` binary's composition. */
const cliEntryPoints = ['src/cli/client.ts', 'src/cli/commands/server.ts', 'src/cli/commands/db.ts'];
// Backup, restore and `imr db copy` open the database (or a backup of it) themselves too.
cliEntryPoints.push(
  'src/cli/backup-transfer.ts',
  'src/cli/backup-verify.ts',
  'src/cli/commands/backup.ts',
  'src/cli/commands/db-copy.ts',
);
const coreMayNot = layer(
  ['server', 'cli', 'web', 'main', 'demo'],
  'src/core is the domain: it never imports the adapters (server, cli, web), the composition root or the demo.',
);

const processEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read settings from Config (src/config), not process.env.',
};
const queryBuilding = {
  selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto)$/]',
  message: 'Only src/db and repositories (*.repo.ts) build SQL: add a repository method and call it.',
};
const envReaders = [
  'src/config/**',
  'src/cli/**',
  'test/**',
  'bench/**',
  'bin/**',
  'scripts/**',
  '*.config.ts',
  'src/main/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench-results/**', 'docs/openapi.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', processEnv],
    },
  },
  {
    // Entry points and tools may read the environment directly.
    files: envReaders,
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Query building (the Kysely builder's entry points) only in src/db and repositories.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: [...sqlFiles, ...envReaders],
    rules: { 'no-restricted-syntax': ['error', processEnv, queryBuilding] },
  },
  {
    files: envReaders.filter((f) => f.startsWith('src/')),
    ignores: sqlFiles,
    rules: { 'no-restricted-syntax': ['error', queryBuilding] },
  },
  restrictImports(['src/**/*.{ts,tsx}'], [notMain], { ignores: ['src/main/**', ...cliEntryPoints, ...sqlFiles] }),
  restrictImports(sqlFiles, [notMain], { sqlAllowed: true }),
  restrictImports(cliEntryPoints, []),
  restrictImports(['src/core/**/*.ts'], [coreMayNot], { ignores: ['src/**/*.repo.ts'] }),
  restrictImports(['src/core/**/*.repo.ts'], [coreMayNot], { sqlAllowed: true }),
  restrictImports(
    ['src/web/**/*.{ts,tsx}'],
    [
      layer(
        ['core', 'db', 'server', 'main', 'cli', 'jobs', 'demo'],
        'The browser bundle imports only src/shared (and src/web): move labels and pure rules it needs to src/shared.',
      ),
      {
        group: ['@mantine/charts', '@mantine/charts/*', 'recharts'],
        allowTypeImports: true,
        message:
          'Charts come from src/web/components/Charts.tsx: the chart library loads when a chart is drawn, outside the initial JavaScript.',
      },
    ],
    { ignores: ['src/web/components/charts/library.ts'] },
  ),
  restrictImports(
    ['src/shared/**/*.{ts,tsx}'],
    [
      layer(
        ['core', 'db', 'server', 'main', 'cli', 'jobs', 'web', 'config', 'demo'],
        'src/shared is isomorphic: it imports nothing outside src/shared.',
      ),
    ],
  ),
  {
    // Sizes (docs/ARCHITECTURE.md): a longer function or file says in one line why (an eslint-disable comment).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 120, skipBlankLines: true, skipComments: true, IIFEs: true }],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // Formatting is Prettier's (npm run format; checked by npm run lint): no ESLint rule argues with it.
  prettier,
);
