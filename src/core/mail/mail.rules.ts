/** Delay before the next delivery attempt: 10 s doubling per attempt, at most one hour. */
export function retryDelayMs(attempts: number): number {
  const base = 10_000 * 2 ** Math.max(0, attempts - 1);
  return Math.min(base, 60 * 60 * 1000);
}

/** A stable Message-ID for an outbox row, so a redelivery after a crash folds in mail clients. */
export function messageIdFor(outboxId: string, publicUrl: string): string {
  const host = new URL(publicUrl).hostname || 'localhost';
  return `<${outboxId}@${host}>`;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
