import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { contrast, cssVariablesResolver, pageBackground, theme } from './theme.ts';

const light = cssVariablesResolver(theme as never).light;

describe('theme colours (WCAG AA)', () => {
  it('computes contrast ratios as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#37b24d', '#ffffff')).toBeCloseTo(2.75, 2); // Mantine's green-7, what axe reported
  });

  it.each(['green', 'orange', 'yellow', 'red', 'teal', 'blue', 'grape', 'brand'])(
    '%s: text, outline and filled read at 4.5:1 on white and on the page; light badges on their tint',
    (name) => {
      const text = light[`--mantine-color-${name}-text`]!;
      for (const bg of ['#ffffff', pageBackground]) {
        expect(contrast(text, bg)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(light[`--mantine-color-${name}-outline`]!, bg)).toBeGreaterThanOrEqual(4.5);
      }
      expect(contrast('#ffffff', light[`--mantine-color-${name}-filled`]!)).toBeGreaterThanOrEqual(4.5);
      expect(contrast('#ffffff', light[`--mantine-color-${name}-filled-hover`]!)).toBeGreaterThanOrEqual(4.5);
      const tint = name === 'brand' ? theme.colors!.brand![1] : DEFAULT_THEME.colors[name as 'green'][1];
      expect(contrast(light[`--mantine-color-${name}-light-color`]!, tint)).toBeGreaterThanOrEqual(4.5);
    },
  );
});
