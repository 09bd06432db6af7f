import type { Quantity } from '../api/types.ts';

const unitNames: Record<Quantity['unit'], string> = { minute: 'minutes', centiunit: 'hundredths of a service unit' };

/**
 * A ledger quantity as the API gives it ({ amount, unit, display }): the server's display string
 * ("40h 00m", "12.50 SU"), tabular figures, the exact integer on hover. Never reformatted in the browser.
 */
export function QuantityText({ value, negativeColor = true }: { value: Quantity; negativeColor?: boolean }) {
  return (
    <span
      title={`${value.amount} ${unitNames[value.unit]}`}
      style={{
        fontVariantNumeric: 'tabular-nums',
        ...(negativeColor && value.amount < 0 ? { color: 'var(--mantine-color-red-8)' } : {}),
      }}
    >
      {value.display}
    </span>
  );
}
