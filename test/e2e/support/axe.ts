import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** What axe-core says about one failing rule (the fields the report prints). */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/**
 * Waits until the page shows its content: a top heading, no page chunk or data still loading (skeletons,
 * aria-busy, the page loader), so that axe checks what a person reads rather than placeholders.
 */
export async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(
    () =>
      !document.querySelector('[aria-busy="true"], .mantine-Skeleton-root, [aria-label="Loading the page"]') &&
      !document.querySelector('.mantine-Loader-root'),
    undefined,
    { timeout: 20_000 },
  );
}

/**
 * Runs axe-core in the page, every rule on (none disabled), and returns the critical and serious
 * violations. axe's source goes in through the DevTools protocol (page.evaluate of a string), which the
 * app's Content-Security-Policy does not apply to; a <script> tag would be refused.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(`${axe.source}\n;void 0`);
  const violations = (await page.evaluate(
    `window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as AxeViolation[];
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
}

/** A readable list: page, rule, impact, what to do, and each offending element with axe's summary. */
export function formatViolations(pageName: string, violations: AxeViolation[]): string {
  return violations
    .map((v) =>
      [
        `${pageName}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes
          .slice(0, 8)
          .map(
            (n) =>
              `    ${n.target.map(String).join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
          ),
        ...(v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : []),
      ].join('\n'),
    )
    .join('\n');
}
