/**
 * Where an email's link goes, by who reads it: a customer contact (or customer user) opens the portal's page of
 * the item, staff the staff page. Every notification that links to an item asks this one function.
 */

/** Who reads a message: someone of the customer (a contact or a portal user), or the IR firm's staff. */
export type RecipientKind = 'contact' | 'staff';

/**
 * What a message links to. Items with a human number (REQ-…, ENG-…, EWO-…, CO-…) are named by it, never by
 * their id: the web and the API accept numbers in their addresses, and a link is text a person reads. Contracts
 * have no number the addresses resolve, so they keep their id.
 */
export type LinkedItem =
  | { type: 'request'; number: string }
  | { type: 'engagement'; number: string }
  /** A work order: once it has an engagement the customer follows that, before it the request. */
  | { type: 'work_order'; number: string; engagementNumber?: string | null; requestNumber?: string | null }
  | { type: 'change_order'; number: string; engagementNumber: string }
  /** A sent EWO version or change order waiting for the customer's decision. */
  | { type: 'approval'; subject: 'work_order' | 'change_order'; number: string; engagementNumber?: string | null }
  | { type: 'contract'; id: string }
  | { type: 'statements'; contractId: string }
  | { type: 'home' };

const seg = encodeURIComponent;

/** The path (from the site's root) of the page of `item` for a reader of `kind`. */
export function itemPath(kind: RecipientKind, item: LinkedItem): string {
  if (kind === 'contact') {
    switch (item.type) {
      case 'request':
        return `/portal/requests/${seg(item.number)}`;
      case 'engagement':
        return `/portal/engagements/${seg(item.number)}`;
      case 'work_order':
        if (item.engagementNumber) return `/portal/engagements/${seg(item.engagementNumber)}`;
        return item.requestNumber ? `/portal/requests/${seg(item.requestNumber)}` : '/portal/approvals';
      case 'change_order':
        return `/portal/engagements/${seg(item.engagementNumber)}`;
      case 'approval':
        return `/portal/approvals/${item.subject}/${seg(item.number)}`;
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
      return `/requests/${seg(item.number)}`;
    case 'engagement':
      return `/engagements/${seg(item.number)}`;
    case 'work_order':
      return `/work-orders/${seg(item.number)}`;
    case 'change_order':
      return `/engagements/${seg(item.engagementNumber)}`;
    case 'approval':
      if (item.subject === 'work_order') return `/work-orders/${seg(item.number)}`;
      return item.engagementNumber ? `/engagements/${seg(item.engagementNumber)}` : '/work-orders';
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
