import { Card, List, Text, Title } from '@mantine/core';
import { useId } from 'react';
import type { RateCardView } from '../../shared/rate-card.ts';

/**
 * Which rate card applies to an EWO version, a change order or an engagement: where it comes from and the
 * card in sentences (rounding, multipliers, travel, units per hour), as the documents print it.
 */
export function RateCardCard({ rateCard, withBorder = false }: { rateCard: RateCardView; withBorder?: boolean }) {
  const id = useId();
  return (
    <Card component="section" aria-labelledby={id} withBorder={withBorder}>
      <Title order={2} fz="h4" id={id} mb={4}>
        Rate card
      </Title>
      <Text size="xs" c="dimmed" mb={6}>
        From {rateCard.source}
      </Text>
      <List size="sm" spacing={2}>
        {rateCard.terms.map((t) => (
          <List.Item key={t}>{t}</List.Item>
        ))}
      </List>
    </Card>
  );
}
