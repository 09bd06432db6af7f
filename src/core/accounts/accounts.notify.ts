import { renderEmail } from '../mail/templates.ts';
import type { OneTimePurpose } from './accounts.tables.ts';

/** The email of a set-password or reset link; a reset speaks of API tokens only to a user who has live ones. */
export function passwordLinkEmail(
  purpose: OneTimePurpose,
  user: { email: string; name: string },
  url: string,
  o: { liveTokens: number; invitedBy?: string | undefined },
): { topic: string; subject: string; content: { text: string; html: string } } {
  if (purpose === 'set_password') {
    return {
      topic: 'user.invited',
      subject: 'Your IMR Desk account: choose a password',
      content: renderEmail({
        heading: 'Your IMR Desk account',
        paragraphs: [
          `Hello ${user.name},`,
          `${o.invitedBy ?? 'An administrator'} created an IMR Desk account for ${user.email}. Choose your password to sign in. The link works once and expires in 72 hours.`,
        ],
        action: { label: 'Choose your password', url },
      }),
    };
  }
  return {
    topic: 'user.password_reset',
    subject: 'Reset your IMR Desk password',
    content: renderEmail({
      heading: 'Reset your IMR Desk password',
      paragraphs: [
        `Hello ${user.name},`,
        'Someone (hopefully you) asked to reset the password of this account. The link works once and expires in one hour; any earlier link no longer works. If it was not you, ignore this message: your password stays as it is.',
        'Setting a new password signs you out everywhere.',
        ...(o.liveTokens > 0
          ? [
              `Your ${o.liveTokens === 1 ? 'API token keeps' : `${o.liveTokens} API tokens keep`} working, because scripts depend on them: if you think one is exposed, revoke them all on the API tokens page (or with imr tokens revoke --all).`,
            ]
          : []),
      ],
      action: { label: 'Choose a new password', url },
    }),
  };
}
