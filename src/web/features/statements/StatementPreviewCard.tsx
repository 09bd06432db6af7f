import { Alert, Badge, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useState } from 'react';
import { StatementFiguresView } from './StatementFiguresView.tsx';
import { useStatementPreview } from './statements.api.ts';

/**
 * "This month so far": the current month's figures to date, as a statement would show them, computed when
 * asked and never stored (GET /contracts/{id}/statement-preview). Marked as not a statement; no PDF.
 */
export function StatementPreviewCard({ contractId, contractNumber }: { contractId: string; contractNumber: string }) {
  const [open, setOpen] = useState(false);
  const preview = useStatementPreview(contractId, open);
  const headingId = `statement-preview-${contractId}`;
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Group gap="xs">
            <Title order={3} fz="h5" id={headingId}>
              This month so far
            </Title>
            <Badge variant="outline" color="gray.8">
              Not a statement
            </Badge>
          </Group>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconChartBar size={14} aria-hidden />}
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} this month so far for ${contractNumber}`}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide' : 'Show this month so far'}
          </Button>
        </Group>
        <Text size="sm">
          Retainer {contractNumber}: the current month to date, computed now. Nothing is issued, stored or sent; the
          month&apos;s statement comes after it ends.
        </Text>
        {open &&
          (preview.isPending ? (
            <Skeleton height={120} aria-label="Loading this month's figures" />
          ) : preview.error ? (
            <Alert color="red">Could not load this month&apos;s figures. Try again in a moment.</Alert>
          ) : (
            <StatementFiguresView figures={preview.data.figures} toDate={preview.data.toDate} />
          ))}
      </Stack>
    </Card>
  );
}
