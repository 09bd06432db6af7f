import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** A scrape parsed by a real Prometheus text-format parser (parse-prometheus-text-format), with lookups. */
export interface Scrape {
  families: ReturnType<typeof parsePrometheusTextFormat>;
  /** Every sample line, histograms' `_bucket`, `_sum` and `_count` included, with its labels. */
  samples: { name: string; labels: Record<string, string>; value: number }[];
  has(name: string): boolean;
  type(name: string): string | undefined;
  /** The sum of the samples named `name` whose labels include `labels` (0 when none). */
  value(name: string, labels?: Record<string, string>): number;
}

/**
 * Parses an exposition twice with the same parser: as it is (families and their types), and with the
 * histogram and summary declarations left out, so that each `_bucket`, `_sum` and `_count` line comes back
 * as a sample with its labels (the parser folds a histogram's label sets into one, prom2json's way).
 */
export function parseScrape(text: string): Scrape {
  const families = parsePrometheusTextFormat(text);
  const folded = new Set(families.filter((f) => f.type === 'HISTOGRAM' || f.type === 'SUMMARY').map((f) => f.name));
  const plain = text
    .split('\n')
    .filter((line) => !/^# (TYPE|HELP) /.test(line) || !folded.has(line.split(' ')[2] ?? ''))
    .join('\n');
  const samples = parsePrometheusTextFormat(plain).flatMap((f) =>
    f.metrics.map((m) => ({ name: f.name, labels: m.labels ?? {}, value: Number(m.value) })),
  );
  const family = (name: string) => families.find((f) => f.name === name);
  return {
    families,
    samples,
    has: (name) => family(name) !== undefined,
    type: (name) => family(name)?.type,
    value: (name, labels = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0),
  };
}
