import { Alert, Button, Text } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { IconCirclePlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { ContractUnit } from '../../api/types.ts';
import { RequestTopUpDialog } from './RequestTopUpDialog.tsx';
import type { TopUpRequest, TopUpRequestBody } from './topups.api.ts';

/**
 * On an approval page the balance cannot cover: ask for the missing hours directly (prefilled with the
 * shortfall), signed in or through the emailed link.
 */
export function TopUpOffer({
  shortfall,
  unit,
  contractNumber,
  ask,
}: {
  shortfall: { display: string };
  unit: ContractUnit;
  contractNumber: string;
  ask: UseMutationResult<TopUpRequest, Error, TopUpRequestBody>;
}) {
  const [open, setOpen] = useState(false);
  const asked = ask.data;
  return (
    <Alert color="orange" variant="light" title="Your retainer does not cover this approval">
      {asked ? (
        <Text size="sm" role="status">
          You asked for {asked.amount.display} (purchase order {asked.purchaseOrder}). Your account team has been told;
          once they accept, approve again here.
        </Text>
      ) : (
        <>
          <Text size="sm" mb="sm">
            Retainer {contractNumber} is short by {shortfall.display}. Ask your account team for a top-up now; once they
            accept, you can approve.
          </Text>
          <Button leftSection={<IconCirclePlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
            Ask for a top-up of {shortfall.display}
          </Button>
        </>
      )}
      <RequestTopUpDialog
        opened={open}
        onClose={() => setOpen(false)}
        unit={unit}
        contractNumber={contractNumber}
        initialAmount={shortfall.display}
        ask={ask}
      />
    </Alert>
  );
}
