import type { TopUpRequest } from '../../shared/contracts/topups.ts';
import { quantity } from '../../shared/units.ts';
import { moneyView } from '../commerce/commerce.views.ts';
import type { AuditEntry } from '../audit/audit.service.ts';
import type { TopUpRequestWithContext } from './topups.repo.ts';

/** A request row as the API shows it. */
export const toTopUpRequestView = (r: TopUpRequestWithContext): TopUpRequest => ({
  id: r.id,
  contractId: r.contract_id,
  contractNumber: r.contract_number,
  customerId: r.customer_id,
  customerName: r.customer_name,
  amount: quantity(r.amount, r.unit),
  package:
    r.package_id && r.package_name && r.package_price_minor !== null && r.package_currency
      ? { id: r.package_id, name: r.package_name, price: moneyView(r.package_price_minor, r.package_currency) }
      : null,
  purchaseOrder: r.purchase_order,
  note: r.note,
  status: r.status,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at.toISOString(),
  source: r.source_type ? { type: r.source_type, number: r.source_number } : null,
  decidedAt: r.decided_at?.toISOString() ?? null,
  decidedBy: r.decided_by,
  declineReason: r.decline_reason,
  topUp:
    r.ledger_entry_id && r.balance_after !== null
      ? {
          entryId: r.ledger_entry_id,
          balanceAfter: quantity(r.balance_after, r.unit),
          availableAfter: quantity(r.balance_after - (r.reserved_after ?? 0), r.unit),
        }
      : null,
  price:
    r.price_minor !== null && r.price_currency
      ? moneyView(r.price_minor, r.price_currency)
      : r.package_price_minor !== null && r.package_currency
        ? moneyView(r.package_price_minor, r.package_currency)
        : null,
});

/** The audit event of a request's step. */
export const requestAudit = (
  action: 'requested' | 'accepted' | 'declined' | 'withdrawn',
  r: TopUpRequestWithContext,
  after: Record<string, unknown>,
): AuditEntry => ({
  action: `topup_request.${action}`,
  entityType: 'topup_request',
  entityId: r.id,
  organizationId: r.organization_id,
  after: {
    contractId: r.contract_id,
    amount: r.amount,
    purchaseOrder: r.purchase_order,
    ...(r.package_id ? { packageId: r.package_id } : {}),
    ...after,
  },
});
