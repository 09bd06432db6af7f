import { createTheme, DEFAULT_THEME, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// A calm navy, the colour of the product's emails (#1c4e80 is shade 7).
const brand: MantineColorsTuple = [
  '#eaf1f8',
  '#d3e0ee',
  '#a6c0dc',
  '#769fca',
  '#4f83ba',
  '#3671b0',
  '#2a63a0',
  '#1c4e80',
  '#174269',
  '#103352',
];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: 7,
  colors: { brand },
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '600' },
  defaultRadius: 'sm',
  focusRing: 'auto',
  // Animations follow the reader's "reduce motion" setting.
  respectReducedMotion: true,
  cursorType: 'pointer',
  components: {
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { styles: { title: { fontWeight: 600, fontSize: 'var(--mantine-font-size-lg)' } } },
    // A link inside text is told apart by more than its colour (WCAG 1.4.1; axe link-in-text-block).
    Anchor: { defaultProps: { underline: 'always' } },
  },
});

/** The page behind cards and tables; header, navigation and cards stay white. */
export const pageBackground = '#f4f6f9';

// ── Contrast (WCAG AA, 4.5:1 for text) ───────────────────────────────────────────────────────────────
const channels = (hex: string): [number, number, number] => {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};
const luminance = (hex: string): number => {
  const [r, g, b] = channels(hex).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
/** The contrast ratio of two colours (#rrggbb), 1 to 21. */
export const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
const towardsBlack = (hex: string, share: number): string =>
  `#${channels(hex)
    .map((c) =>
      Math.round(c * (1 - share))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
/** The first of these shades (then shade 9 darkened step by step) that reads at 4.6:1 on every background. */
const readable = (shades: string[], backgrounds: string[]): string => {
  const ok = (c: string) => backgrounds.every((bg) => contrast(c, bg) >= 4.6);
  const hit = shades.find(ok);
  if (hit) return hit;
  const last = shades[shades.length - 1]!;
  for (let share = 0.05; share < 1; share += 0.05) if (ok(towardsBlack(last, share))) return towardsBlack(last, share);
  return '#000000';
};

/**
 * Mantine's coloured text, outline and filled parts use shade 7 (green 2.7:1, orange 3.6:1 on white) and
 * its light badges shade 9 on shade 1 (3.5–4.3:1). In the light scheme each colour gets the first shade
 * that reads at AA on white, on the page background and under white text; light badges and alerts a text
 * colour that reads on their tint. Computed once from the palette, so a new colour is covered too.
 */
function accessibleColourVariables(): Record<string, string> {
  const vars: Record<string, string> = {};
  const palette = { ...DEFAULT_THEME.colors, brand } as Record<string, readonly string[]>;
  for (const [name, c] of Object.entries(palette)) {
    if (name === 'dark' || name === 'gray') continue;
    const strong = readable([c[7]!, c[8]!, c[9]!], ['#ffffff', pageBackground]);
    vars[`--mantine-color-${name}-text`] = strong;
    vars[`--mantine-color-${name}-filled`] = strong;
    vars[`--mantine-color-${name}-filled-hover`] = towardsBlack(strong, 0.15);
    vars[`--mantine-color-${name}-outline`] = strong;
    vars[`--mantine-color-${name}-light-color`] = readable([c[9]!], [c[1]!, c[2]!, '#ffffff']);
  }
  return vars;
}

/** Dimmed text in Mantine's default grey is under 4.5:1 on white; a darker grey keeps AA contrast. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...accessibleColourVariables(),
  },
  dark: {},
});
