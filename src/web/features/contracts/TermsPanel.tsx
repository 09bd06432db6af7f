import {
  Alert,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { Contract, TermsView } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { currencyChoices, minorToDecimal, parseMinor } from '../../../shared/money.ts';
import { splitError } from '../customers/form.ts';
import { FormActions } from '../customers/FormParts.tsx';
import { useSaveTerms, useTerms } from './contracts.api.ts';

const amountFields = [
  ['retainerPriceMinor', 'retainerPrice', 'Retainer price', 'What the customer paid for the initial block.'],
  ['topupRateMinor', 'topupRate', 'Top-up rate', 'Offered as the default price of a top-up (rate × quantity).'],
  [
    'overageRateMinor',
    'overageRate',
    'Overage rate',
    'For consumption past zero, where the overdraft policy allows it.',
  ],
] as const;
const textFields = [
  ['billingLegalName', 'Billing legal name'],
  ['taxId', 'Tax id'],
  ['billingContactName', 'Billing contact'],
  ['billingContactEmail', 'Billing contact email'],
  ['purchaseOrder', 'Purchase order'],
] as const;
type TextKey = (typeof textFields)[number][0] | 'billingAddress';

/** The staff tab "Commercial terms": read, and an edit form for admins and the account team. */
export function TermsPanel({ contract, canEdit }: { contract: Contract; canEdit: boolean }) {
  const terms = useTerms(contract.id);
  if (terms.isPending) return <Text c="dimmed">Loading the commercial terms…</Text>;
  if (terms.error) return <ErrorAlert error={terms.error} title="Could not load the commercial terms" />;
  const current = terms.data.terms && 'topupRate' in terms.data.terms ? terms.data.terms : null;
  return (
    <Stack gap="md">
      {terms.data.status === 'missing' ? (
        <Alert color="yellow" title="Terms missing">
          This contract has no currency and no prices yet: billing lists it as “terms missing” until they are set.
        </Alert>
      ) : null}
      {canEdit ? (
        <TermsForm key={current?.revision ?? 0} contract={contract} current={current} />
      ) : current ? (
        <TermsSummary terms={current} />
      ) : null}
    </Stack>
  );
}

function TermsSummary({ terms }: { terms: TermsView }) {
  const per = terms.rateUnit === 'hour' ? 'per hour' : 'per unit';
  const rows: [string, string | null][] = [
    ['Retainer price', terms.retainerPrice?.display ?? null],
    ['Top-up rate', terms.topupRate ? `${terms.topupRate.display} ${per}` : null],
    ['Overage rate', terms.overageRate ? `${terms.overageRate.display} ${per}` : null],
    ['Payment term', terms.paymentTermDays !== null ? `${terms.paymentTermDays} days` : null],
    ['Billing legal name', terms.billingLegalName],
    ['Billing address', terms.billingAddress],
    ['Tax id', terms.taxId],
    ['Billing contact', [terms.billingContactName, terms.billingContactEmail].filter(Boolean).join(', ') || null],
    ['Purchase order', terms.purchaseOrder],
  ];
  return (
    <Card component="section" aria-label="Commercial terms">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text size="sm">{value ?? '—'}</Text>
          </div>
        ))}
      </SimpleGrid>
    </Card>
  );
}

// eslint-disable-next-line max-lines-per-function -- one form: its fields read top to bottom
function TermsForm({ contract, current }: { contract: Contract; current: TermsView | null }) {
  const save = useSaveTerms(contract.id);
  const [currency, setCurrency] = useState<string>(current?.currency ?? '');
  const [amounts, setAmounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      amountFields.map(([key, view]) => [
        key,
        current?.[view] ? minorToDecimal(current[view].amountMinor, current.currency) : '',
      ]),
    ),
  );
  const [texts, setTexts] = useState<Record<TextKey, string>>(() => ({
    billingLegalName: current?.billingLegalName ?? '',
    billingAddress: current?.billingAddress ?? '',
    taxId: current?.taxId ?? '',
    billingContactName: current?.billingContactName ?? '',
    billingContactEmail: current?.billingContactEmail ?? '',
    purchaseOrder: current?.purchaseOrder ?? '',
  }));
  const [days, setDays] = useState<number | string>(current?.paymentTermDays ?? '');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { fields, general } = splitError(save.error, [
    'currency',
    ...amountFields.map(([k]) => k),
    'billingContactEmail',
  ]);
  const per = contract.unit === 'hours' ? 'per hour' : 'per service unit';

  function submit(e: FormEvent) {
    e.preventDefault();
    if (save.isPending) return;
    const problems: Record<string, string> = {};
    if (!currency) problems['currency'] = 'Choose the currency the customer is billed in.';
    const minor: Record<string, number | null> = {};
    for (const [key] of amountFields) {
      const text = amounts[key]?.trim() ?? '';
      if (!text || !currency) {
        minor[key] = null;
        continue;
      }
      const parsed = parseMinor(text, currency);
      if (parsed.ok) minor[key] = parsed.amountMinor;
      else problems[key] = parsed.message;
    }
    setLocal(problems);
    if (Object.keys(problems).length) return;
    save.mutate(
      {
        currency,
        retainerPriceMinor: minor['retainerPriceMinor'] ?? null,
        topupRateMinor: minor['topupRateMinor'] ?? null,
        overageRateMinor: minor['overageRateMinor'] ?? null,
        paymentTermDays: days === '' ? null : Number(days),
        ...Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.trim() || null])),
        ...(current ? { revision: current.revision } : {}),
      },
      {
        onSuccess: () =>
          notifications.show({ color: 'green', title: 'Commercial terms saved', message: contract.number }),
      },
    );
  }

  return (
    <Card component="section" aria-labelledby="terms-heading">
      <form onSubmit={submit} noValidate aria-label="Commercial terms">
        <Stack gap="md">
          <Title order={2} fz="h4" id="terms-heading">
            Commercial terms
          </Title>
          {general ? <ErrorAlert error={general} title="The terms were not saved" /> : null}
          <Group grow align="flex-start">
            <Select
              label="Currency"
              required
              searchable
              data={[...currencyChoices]}
              value={currency || null}
              onChange={(v) => setCurrency(v ?? '')}
              error={local['currency'] ?? fields['currency']}
            />
            <NumberInput
              label="Payment term (days)"
              min={0}
              max={365}
              allowDecimal={false}
              value={days}
              onChange={setDays}
            />
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {amountFields.map(([key, , label, description]) => (
              <TextInput
                key={key}
                label={key === 'retainerPriceMinor' ? label : `${label} (${per})`}
                description={description}
                placeholder={currency === 'JPY' ? '12000' : '150.00'}
                inputMode="decimal"
                value={amounts[key] ?? ''}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setAmounts((a) => ({ ...a, [key]: value }));
                }}
                error={local[key] ?? fields[key]}
                rightSection={<Text size="xs">{currency}</Text>}
                rightSectionWidth={44}
              />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {textFields.map(([key, label]) => (
              <TextInput
                key={key}
                label={label}
                value={texts[key]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setTexts((t) => ({ ...t, [key]: value }));
                }}
                error={fields[key]}
              />
            ))}
          </SimpleGrid>
          <Textarea
            label="Billing address"
            autosize
            minRows={2}
            value={texts.billingAddress}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setTexts((t) => ({ ...t, billingAddress: value }));
            }}
          />
          <FormActions onCancel={() => save.reset()} submit="Save terms" loading={save.isPending} />
        </Stack>
      </form>
    </Card>
  );
}

/** The portal's line under the balance: what the customer paid for the retainer. */
export function RetainerPrice({ contractId }: { contractId: string }) {
  const terms = useTerms(contractId);
  const price = terms.data?.terms?.retainerPrice;
  if (!price) return null;
  return (
    <Text size="sm" aria-label="Retainer price">
      Retainer price: <strong>{price.display}</strong>
    </Text>
  );
}
