import { Card, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyState } from './EmptyState.tsx';

/** A dashboard card whose content does not exist yet: its heading and a small, honest empty state. */
export function EmptyCard({
  heading,
  icon,
  title,
  description,
}: {
  heading: string;
  icon: ReactNode;
  title: string;
  description: ReactNode;
}) {
  return (
    <Card h="100%">
      <Title order={2} fz="h4">
        {heading}
      </Title>
      <EmptyState bare size="sm" icon={icon} title={title} description={description} />
    </Card>
  );
}
