import { IconBriefcase } from '@tabler/icons-react';
import { EmptyPage } from '../../components/EmptyPage.tsx';

/** Engagements (not built yet): says so plainly. */
export function EngagementsPage() {
  return (
    <EmptyPage
      title="Engagements"
      description="Approved work orders being staffed, delivered and closed."
      icon={IconBriefcase}
      emptyTitle="No engagements yet"
      emptyDescription="An engagement starts when a customer approves a work order; it will be listed here."
    />
  );
}
