import { usePagedList } from '../../api/paged.ts';
import type { AuditEvent } from '../../api/types.ts';

export const auditKey = ['audit'] as const;

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  /** ISO instants with an offset. */
  from?: string;
  to?: string;
  [key: string]: string | undefined;
}

/** GET /audit (admin): events newest first, filtered, with "Load more". */
export const useAudit = (filter: AuditFilter) => usePagedList<AuditEvent>(auditKey, '/audit', filter);
