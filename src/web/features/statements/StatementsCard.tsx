import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconFileInvoice } from '@tabler/icons-react';
import { Link } from 'react-router';
import { periodLabel } from '../../../shared/statements.ts';
import type { Contract } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { statementPdfUrl, useStatements } from './statements.api.ts';

function Latest({ contract }: { contract: Contract }) {
  const list = useStatements(contract.id);
  const latest = list.data?.items[0];
  if (!latest) return null;
  return (
    <Group justify="space-between" wrap="nowrap">
      <div>
        <Text fw={500}>
          {periodLabel(latest.period)} · {contract.number}
        </Text>
        <Text size="sm" c="dimmed">
          Closing {latest.closing.display}, available {latest.available.display}
        </Text>
      </div>
      <Button
        component="a"
        href={statementPdfUrl(latest.id)}
        download={`${latest.number}.pdf`}
        size="xs"
        variant="light"
        leftSection={<IconDownload size={14} aria-hidden />}
      >
        PDF
      </Button>
    </Group>
  );
}

/** The portal home's Statements card: the latest statement of each retainer, and a link to all of them. */
export function StatementsCard({ contracts }: { contracts: Contract[] }) {
  return (
    <Card h="100%">
      <Title order={2} fz="h4" mb="sm">
        Statements
      </Title>
      {contracts.length === 0 ? (
        <EmptyState
          bare
          size="sm"
          icon={<IconFileInvoice size={22} stroke={1.5} aria-hidden />}
          title="No statements yet"
          description="Monthly statements will be listed here."
        />
      ) : (
        <Stack gap="sm">
          {contracts.map((c) => (
            <Latest key={c.id} contract={c} />
          ))}
          <Anchor component={Link} to="/portal/statements" size="sm">
            All statements
          </Anchor>
        </Stack>
      )}
    </Card>
  );
}
