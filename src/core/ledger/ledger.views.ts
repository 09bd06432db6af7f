import type { LedgerEntry } from '../../shared/contracts/ledger.ts';
import { quantity, type ContractUnit } from '../../shared/units.ts';
import type { AuditEntry } from '../audit/audit.service.ts';
import type { EntryBody } from './ledger.chain.ts';
import type { LedgerEntryRow } from './ledger.repo.ts';

/** A stored entry as the chain hashes it. */
export const rowToBody = (row: LedgerEntryRow): EntryBody => ({
  seq: row.seq,
  id: row.id,
  contractId: row.contract_id,
  kind: row.kind,
  amount: row.amount,
  engagementId: row.engagement_id,
  reversesId: row.reverses_id,
  reference: row.reference,
  reason: row.reason,
  idempotencyKey: row.idempotency_key,
  overage: row.overage,
  balanceAfter: row.balance_after,
  reservedAfter: row.reserved_after,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  prevHash: row.prev_hash,
});

/** A stored entry as the API shows it, in the contract's unit. */
export const toEntryView = (row: LedgerEntryRow, unit: ContractUnit): LedgerEntry => ({
  id: row.id,
  seq: row.seq,
  kind: row.kind,
  amount: quantity(row.amount, unit),
  engagementId: row.engagement_id,
  reversesId: row.reverses_id,
  reference: row.reference,
  reason: row.reason,
  idempotencyKey: row.idempotency_key,
  overage: quantity(row.overage, unit),
  balanceAfter: quantity(row.balance_after, unit),
  reservedAfter: quantity(row.reserved_after, unit),
  availableAfter: quantity(row.balance_after - row.reserved_after, unit),
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** The audit event of a posting made through the API. */
export const postingAudit = (contractId: string, organizationId: string | null, entry: LedgerEntry): AuditEntry => ({
  action: `ledger.${entry.kind}`,
  entityType: 'contract',
  entityId: contractId,
  organizationId,
  after: {
    entryId: entry.id,
    seq: entry.seq,
    amount: entry.amount.amount,
    reference: entry.reference,
    reason: entry.reason,
    reversesId: entry.reversesId,
    balanceAfter: entry.balanceAfter.amount,
  },
});
