import { IconLifebuoy } from '@tabler/icons-react';
import { EmptyPage } from '../../components/EmptyPage.tsx';

/** The customer's requests (not built yet): says so plainly. */
export function PortalRequestsPage() {
  return (
    <EmptyPage
      title="Requests"
      description="Your organisation's requests for help, emergency and proactive."
      icon={IconLifebuoy}
      emptyTitle="No requests yet"
      emptyDescription="Requests your organisation makes will be listed here with their status. In an emergency, call the hotline of your IR firm."
    />
  );
}
