import { Select } from '@mantine/core';
import { useCustomerOptions } from './requests.api.ts';

/** The "Customer" filter of the staff lists (requests board, SLA report, engagements): searchable, clearable. */
export function CustomerFilter({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (customerId: string | null) => void;
}) {
  const customers = useCustomerOptions();
  return (
    <Select
      label="Customer"
      placeholder={customers.isPending ? 'Loading customers…' : 'All customers'}
      data={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
      value={value || null}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage="No customer by that name"
      w={240}
    />
  );
}
