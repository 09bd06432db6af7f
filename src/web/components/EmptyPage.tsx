import type { TablerIcon } from '@tabler/icons-react';
import { EmptyState } from './EmptyState.tsx';
import { PageHeader } from './PageHeader.tsx';

/** A page with nothing to list yet: its header and one plain empty state (never sample data). */
export function EmptyPage({
  title,
  description,
  icon: Icon,
  emptyTitle,
  emptyDescription,
}: {
  title: string;
  description: string;
  icon: TablerIcon;
  emptyTitle: string;
  emptyDescription: string;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <EmptyState
        icon={<Icon size={28} stroke={1.5} aria-hidden />}
        title={emptyTitle}
        description={emptyDescription}
      />
    </>
  );
}
