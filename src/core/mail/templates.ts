import { escapeHtml } from './mail.rules.ts';

export interface EmailContent {
  heading: string;
  paragraphs: string[];
  facts?: [string, string][];
  action?: { label: string; url: string };
  secondaryAction?: { label: string; url: string };
  footer?: string;
}

/**
 * Where the firm's signature goes (name, hotlines, support email, website): every rendered message ends
 * with this slot, and the outbox fills it from the firm's profile when the message is enqueued
 * (`withFirmSignature`), so no template needs to read the profile itself.
 */
export const FIRM_SIGNATURE_SLOT = '\u2060[[imr:firm-signature]]\u2060';

/** Fills the signature slot of a rendered message (text as is, HTML escaped). */
export function withFirmSignature<T extends { text: string; html: string }>(message: T, signature: string): T {
  return {
    ...message,
    text: message.text.split(FIRM_SIGNATURE_SLOT).join(signature),
    html: message.html.split(FIRM_SIGNATURE_SLOT).join(escapeHtml(signature)),
  };
}

/** One look for every message: a plain-text part and a simple, accessible HTML part. */
export function renderEmail(content: EmailContent): { text: string; html: string } {
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.facts?.length ? [...content.facts.map(([k, v]) => `${k}: ${v}`), ''] : []),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.secondaryAction ? [`${content.secondaryAction.label}: ${content.secondaryAction.url}`, ''] : []),
    '--',
    ...(content.footer ? [content.footer, ''] : []),
    FIRM_SIGNATURE_SLOT,
  ].join('\n');

  const button = (link: { label: string; url: string }, primary: boolean) =>
    `<a href="${escapeHtml(link.url)}" style="display:inline-block;padding:12px 20px;margin:4px 8px 4px 0;border-radius:6px;` +
    `text-decoration:none;font-weight:600;${primary ? 'background:#1c4e80;color:#ffffff' : 'background:#e9eef4;color:#1c4e80'}">${escapeHtml(link.label)}</a>`;
  const html = `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:640px;margin:0 auto;padding:16px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${content.facts?.length ? `<table style="border-collapse:collapse;margin:12px 0">${content.facts.map(([k, v]) => `<tr><th style="text-align:left;padding:4px 12px 4px 0;color:#555">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`).join('')}</table>` : ''}
${content.action || content.secondaryAction ? `<p>${content.action ? button(content.action, true) : ''}${content.secondaryAction ? button(content.secondaryAction, false) : ''}</p>` : ''}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 8px">${content.footer ? `<p style="font-size:12px;color:#666">${escapeHtml(content.footer)}</p>` : ''}<p style="font-size:12px;color:#666">${FIRM_SIGNATURE_SLOT}</p>
</body></html>`;
  return { text, html };
}
