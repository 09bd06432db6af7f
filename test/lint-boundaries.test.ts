import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer boundaries of eslint.config.js, proved on deliberately wrong (and right) imports: each case is
// linted as if it were the named file, and only no-restricted-imports reports count.
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryReports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer boundaries (eslint.config.js)', () => {
  it('refuses an import from the web into core, and names the way out', async () => {
    const reports = await boundaryReports(
      'src/web/features/x/Bad.tsx',
      "import { modeLabels } from '../../../core/workorders/workorders.rules.ts';\nexport const labels = modeLabels;\n",
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('src/shared');
  });

  it('refuses web imports of db, server and main, even as types', async () => {
    const reports = await boundaryReports(
      'src/web/features/x/bad.ts',
      [
        "import type { Db } from '../../../db/create-db.ts';",
        "import { buildApp } from '../../../server/app.ts';",
        "import { createCore } from '../../../main/core.ts';",
        'export type Parts = [Db, typeof buildApp, typeof createCore];',
      ].join('\n'),
    );
    expect(reports).toHaveLength(3);
  });

  it('lets the web import shared code and packages whose names contain a layer (@mantine/core)', async () => {
    const reports = await boundaryReports(
      'src/web/features/x/Good.tsx',
      "import '@mantine/core/styles.css';\nimport { roles } from '../../../shared/roles.ts';\nexport const labels = roles;\n",
    );
    expect(reports).toEqual([]);
  });

  it('refuses an import from core into the server', async () => {
    const reports = await boundaryReports(
      'src/core/customers/bad.ts',
      "import { buildApp } from '../../server/app.ts';\nexport const app = buildApp;\n",
    );
    expect(reports).toHaveLength(1);
  });

  it('refuses a Kysely value import in a service, allows a type import there and a value import in a repository', async () => {
    const value = "import { sql } from 'kysely';\nexport const now = sql`now()`;\n";
    expect(await boundaryReports('src/core/customers/customers.service.ts', value)).toHaveLength(1);
    expect(await boundaryReports('src/core/customers/customers.repo.ts', value)).toEqual([]);
    expect(
      await boundaryReports(
        'src/core/customers/customers.service.ts',
        "import type { Transaction } from 'kysely';\nexport type Trx = Transaction<unknown>;\n",
      ),
    ).toEqual([]);
  });

  it('lets only entry points import the composition root', async () => {
    const importRoot = (depth: number) =>
      `import { createCore } from '${'../'.repeat(depth)}main/core.ts';\nexport const make = createCore;\n`;
    expect(await boundaryReports('src/jobs/bad.job.ts', importRoot(1))).toHaveLength(1);
    expect(await boundaryReports('src/demo/bad.ts', importRoot(1))).toHaveLength(1);
    expect(await boundaryReports('src/server/routes/bad.routes.ts', importRoot(2))).toHaveLength(1);
    expect(await boundaryReports('src/cli/commands/server.ts', importRoot(2))).toEqual([]);
  });

  it('keeps shared isomorphic: no import outside src/shared', async () => {
    const reports = await boundaryReports(
      'src/shared/bad.ts',
      "import { AppError } from './errors.ts';\nimport { systemCtx } from '../core/context.ts';\nexport const parts = [AppError, systemCtx];\n",
    );
    expect(reports).toHaveLength(1);
  });

  it('refuses query building outside repositories and src/db, also on an executor passed in', async () => {
    const code =
      "import type { Executor } from '../../db/create-db.ts';\n" +
      "export const ids = (ex: Executor) => ex.selectFrom('users').select('id').execute();\n";
    const reports = async (filePath: string) => {
      const [result] = await eslint.lintText(code, { filePath });
      return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
    };
    expect(await reports('src/core/customers/customers.service.ts')).toEqual([
      'Only src/db and repositories (*.repo.ts) build SQL: add a repository method and call it.',
    ]);
    expect(await reports('src/cli/commands/bad.ts')).toHaveLength(1);
    expect(await reports('src/core/customers/customers.repo.ts')).toEqual([]);
  });

  it('refuses a function over 120 lines and a file over 400 (blank lines and comments not counted)', async () => {
    const body = Array.from({ length: 121 }, (_, i) => `  total += ${i};`).join('\n');
    const longFunction = `export function long(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    const [result] = await eslint.lintText(longFunction, { filePath: 'src/core/customers/long.ts' });
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['max-lines-per-function']);
    const longFile = Array.from({ length: 401 }, (_, i) => `export const n${i} = ${i};`).join('\n') + '\n';
    const [file] = await eslint.lintText(longFile, { filePath: 'src/core/customers/long.ts' });
    expect(file!.messages.map((m) => m.ruleId)).toEqual(['max-lines']);
  });
});
