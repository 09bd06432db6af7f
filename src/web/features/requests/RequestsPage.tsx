import { IconLifebuoy } from '@tabler/icons-react';
import { EmptyPage } from '../../components/EmptyPage.tsx';

/** Service requests (not built yet): says so plainly. */
export function RequestsPage() {
  return (
    <EmptyPage
      title="Requests"
      description="Emergency and proactive service requests, with their SLA clocks and lead times."
      icon={IconLifebuoy}
      emptyTitle="No requests yet"
      emptyDescription="Requests from customers (portal, hotline, email or API) will be listed here as they arrive."
    />
  );
}
