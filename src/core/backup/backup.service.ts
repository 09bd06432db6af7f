import type { Db } from '../../db/create-db.ts';
import type { BackupManifest } from '../../db/backup/backup-file.ts';
import { dumpEmbedded } from '../../db/backup/embedded.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { authorize } from '../authz.ts';
import type { Ctx } from '../context.ts';
import { canTakeBackup } from './backup.policy.ts';

export type BackupService = ReturnType<typeof createBackupService>;

/** A backup file's parts: its header (with the manifest) and its payload. */
export interface BackupFile {
  manifest: BackupManifest;
  header: Buffer;
  payload: Buffer;
}

/** Backups of the embedded database taken by the running server (PostgreSQL is backed up with pg_dump). */
export function createBackupService(deps: { db: Db; clock: Clock; audit: AuditService; productVersion: string }) {
  return {
    /**
     * Admins take a consistent backup of the embedded database without stopping the server; audited
     * (`backup.taken`, in the backup itself). On PostgreSQL it is refused: pg_dump does it (`imr backup`).
     */
    async takeEmbedded(ctx: Ctx): Promise<BackupFile> {
      authorize(
        ctx.actor,
        canTakeBackup,
        'Only administrators take backups: a backup holds every password hash and secret.',
      );
      const now = deps.clock.now();
      if (deps.db.kind === 'pglite')
        await deps.db.transaction((trx) =>
          deps.audit.record(trx, ctx, {
            action: 'backup.taken',
            entityType: 'database',
            entityId: 'embedded',
            after: { kind: 'pglite-datadir', at: now.toISOString() },
          }),
        );
      return dumpEmbedded(deps.db, deps.productVersion, now);
    },
  };
}
