import { Alert, Anchor, Button, Group, Image, Modal, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileTypePdf } from '@tabler/icons-react';
import { CalendarDate } from '../../components/DateTime.tsx';
import type { Expense } from './expenses.api.ts';
import { categoryLabels, formatBytes } from './expenses.labels.ts';

/**
 * The receipt of an expense. Images are shown inline from the receipt URL (an <img> of our own origin,
 * which the page's CSP allows). A PDF is offered as a download: the server sends receipts as sandboxed
 * attachments (`Content-Disposition: attachment`, CSP `sandbox`), and the page's CSP allows no <object>,
 * so no browser renders one inside the page, and we do not weaken those headers to make it.
 */
export function ReceiptPreview({ expense, onClose }: { expense: Expense | null; onClose: () => void }) {
  return (
    <Modal
      opened={expense !== null}
      onClose={onClose}
      title={expense ? `Receipt: ${expense.receipt.name}` : 'Receipt'}
      size="lg"
    >
      {expense ? <ReceiptBody expense={expense} /> : null}
    </Modal>
  );
}

function ReceiptBody({ expense }: { expense: Expense }) {
  const receipt = expense.receipt;
  const isImage = receipt.contentType === 'image/png' || receipt.contentType === 'image/jpeg';
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {categoryLabels[expense.category]} · {expense.amount.display} · <CalendarDate value={expense.date} /> ·{' '}
        {expense.userName}
      </Text>
      {isImage ? (
        <Image
          src={receipt.url}
          alt={`Receipt ${receipt.name} for ${expense.amount.display}`}
          w="auto"
          maw="100%"
          mah="60vh"
          mx="auto"
          fit="contain"
          radius="sm"
          bd="1px solid var(--mantine-color-gray-3)"
        />
      ) : (
        <Alert color="gray" variant="light" icon={<IconFileTypePdf size={20} aria-hidden />} title="PDF receipt">
          <Text size="sm">
            PDF receipts are not shown inside the page (they are served as protected downloads). Download it to read it.
          </Text>
        </Alert>
      )}
      <Group justify="space-between" wrap="wrap">
        <Text size="xs" c="dimmed">
          {receipt.contentType} · {formatBytes(receipt.size)} · SHA-256 {receipt.sha256.slice(0, 12)}…
        </Text>
        <Button
          component="a"
          href={receipt.url}
          download={receipt.name}
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
        >
          Download receipt
        </Button>
      </Group>
    </Stack>
  );
}

/** A link that opens the receipt preview, named by the file. */
export function ReceiptLink({ expense, onOpen }: { expense: Expense; onOpen: (expense: Expense) => void }) {
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      onClick={() => onOpen(expense)}
      aria-label={`Preview receipt ${expense.receipt.name}`}
      maw={160}
      truncate="end"
      display="block"
      ta="left"
    >
      {expense.receipt.name}
    </Anchor>
  );
}
