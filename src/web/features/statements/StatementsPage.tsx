import { IconFileInvoice } from '@tabler/icons-react';
import { EmptyPage } from '../../components/EmptyPage.tsx';

/** Retainer statements in the customer portal (not built yet): says so plainly. */
export function StatementsPage() {
  return (
    <EmptyPage
      title="Statements"
      description="Monthly statements of your retainer: balance, consumption and what is left of the term."
      icon={IconFileInvoice}
      emptyTitle="No statements yet"
      emptyDescription="Your first statement will appear here after the first statement day of your retainer."
    />
  );
}
