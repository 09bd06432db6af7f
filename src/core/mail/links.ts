/**
 * Where an email's link goes, by who reads it: a customer contact (or customer user) opens the portal's page of
 * the item, staff the staff page. Every notification that links to an item asks this one function.
 */

/** Who reads a message: someone of the customer (a contact or a portal user), or the IR firm's staff. */
export type RecipientKind = 'contact' | 'staff';

/** What a message links to. */
export type LinkedItem =
  | { type: 'request'; id: string }
  | { type: 'engagement'; id: string }
  /** A work order: once it has an engagement the customer follows that, before it the request. */
  | { type: 'work_order'; id: string; engagementId?: string | null; requestId?: string | null }
  | { type: 'change_order'; id: string; engagementId: string }
  /** A sent EWO version or change order waiting for the customer's decision. */
  | { type: 'approval'; subject: 'work_order' | 'change_order'; id: string; engagementId?: string | null }
  | { type: 'contract'; id: string }
  | { type: 'statements'; contractId: string }
  | { type: 'home' };

const seg = encodeURIComponent;

/** The path (from the site's root) of the page of `item` for a reader of `kind`. */
export function itemPath(kind: RecipientKind, item: LinkedItem): string {
  if (kind === 'contact') {
    switch (item.type) {
      case 'request':
        return `/portal/requests/${seg(item.id)}`;
      case 'engagement':
        return `/portal/engagements/${seg(item.id)}`;
      case 'work_order':
        if (item.engagementId) return `/portal/engagements/${seg(item.engagementId)}`;
        return item.requestId ? `/portal/requests/${seg(item.requestId)}` : '/portal/approvals';
      case 'change_order':
        return `/portal/engagements/${seg(item.engagementId)}`;
      case 'approval':
        return `/portal/approvals/${item.subject}/${seg(item.id)}`;
      case 'contract':
        return `/portal/contracts/${seg(item.id)}`;
      case 'statements':
        return '/portal/statements';
      case 'home':
        return '/portal';
    }
  }
  switch (item.type) {
    case 'request':
      return `/requests/${seg(item.id)}`;
    case 'engagement':
      return `/engagements/${seg(item.id)}`;
    case 'work_order':
      return `/work-orders/${seg(item.id)}`;
    case 'change_order':
      return `/engagements/${seg(item.engagementId)}`;
    case 'approval':
      if (item.subject === 'work_order') return `/work-orders/${seg(item.id)}`;
      return item.engagementId ? `/engagements/${seg(item.engagementId)}` : '/work-orders';
    case 'contract':
    case 'statements':
      return `/contracts/${seg(item.type === 'contract' ? item.id : item.contractId)}`;
    case 'home':
      return '/';
  }
}

/** The absolute URL of the page of `item` for a reader of `kind` on the site at `publicUrl`. */
export const itemLink = (publicUrl: string, kind: RecipientKind, item: LinkedItem): string =>
  `${publicUrl.replace(/\/+$/, '')}${itemPath(kind, item)}`;
