import { IconBuilding } from '@tabler/icons-react';
import { EmptyPage } from '../../components/EmptyPage.tsx';

/** Customers (not built yet): says so plainly. */
export function CustomersPage() {
  return (
    <EmptyPage
      title="Customers"
      description="Customer organisations, their contacts, sites and retainer contracts."
      icon={IconBuilding}
      emptyTitle="No customers yet"
      emptyDescription="Customers you add will be listed here with their retainers and balances."
    />
  );
}
