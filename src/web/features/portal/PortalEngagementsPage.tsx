import { IconBriefcase } from '@tabler/icons-react';
import { EmptyPage } from '../../components/EmptyPage.tsx';

/** The customer's engagements (not built yet): says so plainly. */
export function PortalEngagementsPage() {
  return (
    <EmptyPage
      title="Engagements"
      description="Work your IR firm is doing for your organisation, approved by your point of contact."
      icon={IconBriefcase}
      emptyTitle="No engagements yet"
      emptyDescription="When your point of contact approves a work order, the engagement appears here with its schedule and deliverables."
    />
  );
}
