import { renderEmail } from '../mail/templates.ts';

/** The email to a portal login's old address when its contact's email changed: what changed, and whom to tell. */
export const signInAddressChangedEmail = (change: {
  name: string;
  customerName: string;
  oldEmail: string;
  newEmail: string;
}) =>
  renderEmail({
    heading: 'Your sign-in address changed',
    paragraphs: [
      `Hello ${change.name},`,
      `Your IMR Desk portal login for ${change.customerName} now signs in with ${change.newEmail} instead of ${change.oldEmail}; your password stays the same.`,
      'If you did not expect this, tell your account manager at the IR firm.',
    ],
  });
