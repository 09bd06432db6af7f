import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.ts';
import { isAppError } from '../shared/errors.ts';
import { registerAccountCommands } from './commands/accounts.ts';
import { registerContractCommands } from './commands/contracts.ts';
import { registerCustomerCommands } from './commands/customers.ts';
import { registerDbCommands } from './commands/db.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerEffortCommands } from './commands/effort.ts';
import { registerEngagementCommands } from './commands/engagements.ts';
import { registerExpenseCommands } from './commands/expenses.ts';
import { registerLedgerCommands } from './commands/ledger.ts';
import { registerStatementCommands } from './commands/statements.ts';
import { registerWebhookCommands } from './commands/webhooks.ts';
import { registerBillingCommands } from './commands/billing.ts';
import { registerRequestCommands } from './commands/requests.ts';
import { registerServerCommands } from './commands/server.ts';
import { registerStatusCommand } from './commands/status.ts';
import { registerWorkOrderCommands } from './commands/workorders.ts';
import { registerChangeOrderCommands } from './commands/change-orders.ts';
import { registerBookingCommands, registerStaffCommands } from './commands/staff.ts';
import { registerStaffSuggestCommands } from './commands/staff-suggest.ts';
import { registerStaffingActionCommands } from './commands/staffing-actions.ts';
import { registerSettingsCommands } from './commands/settings.ts';
import { registerTopUpCommands } from './commands/topups.ts';
import { exitCodeFor, exitCodeHelp, exitCodes } from './exit-codes.ts';

export function buildProgram(): Command {
  const program = new Command('imr')
    .description('IMR Desk: incident management retainers for an IR firm and its customers')
    .addHelpText(
      'after',
      `\nEnvironment: IMR_URL (server address), IMR_TOKEN (API token; or \`imr login\`), and the server settings of .env.example.\n\n${exitCodeHelp}`,
    )
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  registerServerCommands(program);
  registerDbCommands(program);
  registerAccountCommands(program);
  registerCustomerCommands(program);
  registerContractCommands(program);
  registerLedgerCommands(program);
  registerStatementCommands(program);
  registerWebhookCommands(program);
  registerBillingCommands(program);
  registerRequestCommands(program);
  registerWorkOrderCommands(program);
  registerChangeOrderCommands(program);
  registerExpenseCommands(program);
  registerEngagementCommands(program);
  registerEffortCommands(program);
  registerBackupCommands(program);
  registerStatusCommand(program);
  registerStaffCommands(program);
  registerBookingCommands(program);
  registerStaffSuggestCommands(program);
  registerStaffingActionCommands(program);
  registerSettingsCommands(program);
  registerTopUpCommands(program);
  return program;
}

/** Runs the CLI; every error becomes a one-line message and a documented exit code, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : exitCodes.usage;
      return;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nFix these settings (see .env.example) and try again.\n`);
      process.exitCode = exitCodes.usage;
      return;
    }
    if (isAppError(e)) {
      const fields = Array.isArray(e.details?.['errors'])
        ? (e.details['errors'] as { path: string; message: string }[])
            .map((f) => `\n  - ${f.path}: ${f.message}`)
            .join('')
        : '';
      process.stderr.write(`error (${e.code}): ${e.message}${fields}\n`);
      process.exitCode = exitCodeFor(e.code);
      return;
    }
    process.stderr.write(`error: ${(e as Error).message ?? String(e)}\n`);
    if (process.env['IMR_DEBUG']) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = exitCodes.failure;
  }
}
