import { escapeHtml } from './mail.rules.ts';

export interface EmailContent {
  heading: string;
  paragraphs: string[];
  facts?: [string, string][];
  action?: { label: string; url: string };
  secondaryAction?: { label: string; url: string };
  footer?: string;
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
    content.footer ?? 'IMR Desk: incident management retainer',
  ].join('\n');

  const button = (link: { label: string; url: string }, primary: boolean) =>
    `<a href="${escapeHtml(link.url)}" style="display:inline-block;padding:12px 20px;margin:4px 8px 4px 0;border-radius:6px;` +
    `text-decoration:none;font-weight:600;${primary ? 'background:#1c4e80;color:#ffffff' : 'background:#e9eef4;color:#1c4e80'}">${escapeHtml(link.label)}</a>`;
  const html = `<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;line-height:1.5;max-width:640px;margin:0 auto;padding:16px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${content.facts?.length ? `<table style="border-collapse:collapse;margin:12px 0">${content.facts.map(([k, v]) => `<tr><th style="text-align:left;padding:4px 12px 4px 0;color:#555">${escapeHtml(k)}</th><td style="padding:4px 0">${escapeHtml(v)}</td></tr>`).join('')}</table>` : ''}
${content.action || content.secondaryAction ? `<p>${content.action ? button(content.action, true) : ''}${content.secondaryAction ? button(content.secondaryAction, false) : ''}</p>` : ''}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 8px"><p style="font-size:12px;color:#666">${escapeHtml(content.footer ?? 'IMR Desk: incident management retainer')}</p>
</body></html>`;
  return { text, html };
}
