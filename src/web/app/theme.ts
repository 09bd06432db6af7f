import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

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
  },
});

/** The page behind cards and tables; header, navigation and cards stay white. */
export const pageBackground = '#f4f6f9';

/** Dimmed text in Mantine's default grey is under 4.5:1 on white; a darker grey keeps AA contrast. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});
