import type { Core } from '../core/core.ts';
import { accountsRepo } from '../core/accounts/accounts.repo.ts';
import { demoRepo } from './demo.repo.ts';
import { userCtx } from './staff.ts';

/** The demo IR firm: a realistic profile with two 24×7 hotlines, support, website and an SVG logo. */
export const demoFirm = {
  name: 'Bluewater Incident Response Ltd',
  postalAddress: '14 Harbour Exchange Square\nLondon E14 9GE\nUnited Kingdom',
  hotlines: [
    { label: '24×7 incident hotline (EMEA)', number: '+44 20 7946 0321' },
    { label: '24×7 incident hotline (Americas)', number: '+1 312 555 0147' },
  ],
  supportEmail: 'support@irfirm.example',
  website: 'https://irfirm.example',
};

/** A plain SVG logo (no scripts, no external references): a wave in a circle and the firm's initials. */
export const demoLogoSvg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 64" width="240" height="64">
  <title>Bluewater Incident Response</title>
  <defs>
    <linearGradient id="sea" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#3a7bd5"/>
      <stop offset="1" stop-color="#1c4e80"/>
    </linearGradient>
  </defs>
  <circle cx="32" cy="32" r="28" fill="url(#sea)"/>
  <path d="M10 36 Q20 26 32 36 T54 36" fill="none" stroke="#ffffff" stroke-width="4" stroke-linecap="round"/>
  <text x="72" y="30" font-family="DejaVu Sans, Arial, sans-serif" font-size="20" font-weight="700" fill="#1c4e80">Bluewater</text>
  <text x="72" y="50" font-family="DejaVu Sans, Arial, sans-serif" font-size="12" fill="#555555">Incident Response</text>
</svg>
`;

/** Work phones of the demo staff: the portal's account team shows them. */
const workPhones: Record<string, string> = {
  'maria.keller@irfirm.example': '+44 20 7946 0382',
  'james.okafor@irfirm.example': '+1 312 555 0163',
  'tom.becker@irfirm.example': '+44 20 7946 0417',
  'lena.fischer@irfirm.example': '+49 30 901820 44',
};

/** Fills the firm's profile and logo (as an administrator would, audited) and the staff's work phones. */
export async function loadFirmDemo(core: Core): Promise<void> {
  const { db, services } = core;
  const adminId = (await demoRepo.activeUserIds(db.kysely, 'admin', 'id'))[0];
  // The server bootstraps an administrator before the demo loads; without one the profile keeps its defaults.
  if (!adminId) return;
  const ctx = await userCtx(db.kysely, adminId);
  await services.settings.update(ctx, { profile: demoFirm, reason: 'Demo: the firm profile' });
  await services.settings.uploadLogo(ctx, {
    file: { content: Buffer.from(demoLogoSvg), name: 'bluewater-logo.svg' },
    reason: 'Demo: the firm logo',
  });
  for (const [email, workPhone] of Object.entries(workPhones)) {
    const user = await accountsRepo.userByEmail(db.kysely, email);
    if (user) await services.accounts.updateUser(ctx, user.id, { workPhone });
  }
}
