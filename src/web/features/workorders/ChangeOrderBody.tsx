import { Alert, Grid, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { ChangeOrderFacts } from './ChangeOrderFacts.tsx';
import { ChangeOrderFields } from './ChangeOrderFields.tsx';
import { ChangeOrderSendStep, ChangeOrderSide } from './ChangeOrderPanels.tsx';
import { useChangeOrderEditor } from './useChangeOrderEditor.ts';
import { versionStatusColors } from './workorders.labels.ts';
import type { ChangeOrder } from './workorders.types.ts';

/** The change-order dialog's content: the send confirmation, or the form (or facts) beside the figures. */
export function ChangeOrderBody({
  engagementId,
  initial,
  onClose,
}: {
  engagementId: string;
  initial: ChangeOrder | null;
  onClose: () => void;
}) {
  const editor = useChangeOrderEditor(engagementId, initial);
  const { current, confirming, revising, editable } = editor;

  if (confirming && current) return <ChangeOrderSendStep editor={editor} current={current} />;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          {current ? (
            <Group gap="xs">
              <Text fw={700}>{current.number}</Text>
              <StatusBadge status={current.status} colors={versionStatusColors} />
              <Text size="sm" c="dimmed">
                {current.engagementNumber}
              </Text>
            </Group>
          ) : null}
          {current?.status === 'sent' && revising ? (
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlertTriangle size={18} aria-hidden />}
              title={`Saving supersedes ${current.number}`}
            >
              <Text size="sm">
                Its approval links and reply addresses stop working at once; a new change order draft takes its place.
              </Text>
            </Alert>
          ) : null}
          {editable ? <ChangeOrderFields editor={editor} /> : current ? <ChangeOrderFacts c={current} /> : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <ChangeOrderSide editor={editor} onClose={onClose} />
      </Grid.Col>
    </Grid>
  );
}
