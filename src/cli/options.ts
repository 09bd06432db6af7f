/** A repeatable, comma-separated option (`--site a,b --site c` → `['a', 'b', 'c']`), for commander's parser. */
export const collectList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];
